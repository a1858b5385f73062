// A hub on the embedded emulator, as a Pulumi dynamic resource. Like the job provider, the
// serialized methods capture only a module URL and import the implementation at run time.
import * as pulumi from "@pulumi/pulumi";
import type { LocalHubInputs, LocalHubOutputs } from "./local-hub-types.ts";

// Vitest rewrites \`import()\` expressions in the modules it transforms, which would drag its module
// runner into the serialized text; built through Function, the loader stays a plain dynamic import.
const importImpl = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<typeof import("./local-hub-impl.ts")>;
const localHubImplUrl: string = new URL("./local-hub-impl.ts", import.meta.url).href;

export const localHubProvider = {
  async check(olds: LocalHubInputs, news: LocalHubInputs) {
    const impl = await importImpl(localHubImplUrl);
    return impl.check(olds, news);
  },
  async diff(id: string, olds: LocalHubOutputs, news: LocalHubInputs) {
    const impl = await importImpl(localHubImplUrl);
    return impl.diff(id, olds, news);
  },
  async create(inputs: LocalHubInputs) {
    const impl = await importImpl(localHubImplUrl);
    return impl.create(inputs);
  },
  async read(id: string, props?: LocalHubOutputs) {
    const impl = await importImpl(localHubImplUrl);
    return impl.read(id, props);
  },
  async update(id: string, olds: LocalHubOutputs, news: LocalHubInputs) {
    const impl = await importImpl(localHubImplUrl);
    return impl.update(id, olds, news);
  },
  async delete(id: string, props: LocalHubOutputs) {
    const impl = await importImpl(localHubImplUrl);
    return impl.remove(id, props);
  },
} satisfies pulumi.dynamic.ResourceProvider<LocalHubInputs, LocalHubOutputs>;

export interface LocalHubArgs {
  adminUrl: pulumi.Input<string>;
  adminKey: pulumi.Input<string>;
  hubName: pulumi.Input<string>;
  tier?: pulumi.Input<string>;
  hostName?: pulumi.Input<string>;
  /** Fleet document text (YAML or JSON). */
  fleet?: pulumi.Input<string>;
}

export class LocalHub extends pulumi.dynamic.Resource {
  declare readonly hubName: pulumi.Output<string>;
  declare readonly hostName: pulumi.Output<string>;
  declare readonly tier: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly connectionString: pulumi.Output<string>;

  constructor(name: string, args: LocalHubArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      localHubProvider,
      name,
      { hostName: undefined, tier: undefined, endpoint: undefined, connectionString: undefined, ...args },
      { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "connectionString", "adminKey"] },
      "hubjobs",
      "LocalHub",
    );
  }
}
