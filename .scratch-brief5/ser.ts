import * as pulumi from "@pulumi/pulumi";
import { jobProvider } from "../src/provider/job-provider.ts";
const sf = await pulumi.runtime.serializeFunction(() => jobProvider, { allowSecrets: true });
console.log(sf.text.length, sf.containsSecrets);
console.log(sf.text);
