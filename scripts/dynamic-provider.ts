// The engine's dynamic-provider plugin (`pulumi-resource-pulumi-nodejs`, written by
// scripts/setup-pulumi.sh), set to end with the engine from its first moment. The job and local-hub
// implementations start the same watch when they load, but a provider the engine started and never
// called (an engine that failed or was killed before its first request) loads neither, and stayed
// behind as an orphan for hours. Then Pulumi's own host runs, with the engine's arguments.
import { exitWithParent } from "../src/util/exit-with-parent.ts";

exitWithParent();
await import("@pulumi/pulumi/cmd/dynamic-provider/index.js");
