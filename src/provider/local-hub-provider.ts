// A hub on the embedded emulator, as a Pulumi dynamic resource. Like the job provider, the
// serialized methods capture only a module URL and import the implementation at run time.
import * as pulumi from "@pulumi/pulumi";
import { importImpl } from "./impl-loader.ts";
import type { LocalHubInputs, LocalHubOutputs } from "./local-hub-types.ts";

const localHubImplUrl: string = new URL("./local-hub-impl.ts", import.meta.url).href;
const localHubImplPath = "src/provider/local-hub-impl.ts";
type Impl = typeof import("./local-hub-impl.ts");

export const localHubProvider = {
  async check(olds: LocalHubInputs, news: LocalHubInputs) {
    const impl = await importImpl<Impl>(localHubImplUrl, localHubImplPath);
    return impl.check(olds, news);
  },
  async diff(id: string, olds: LocalHubOutputs, news: LocalHubInputs) {
    const impl = await importImpl<Impl>(localHubImplUrl, localHubImplPath);
    return impl.diff(id, olds, news);
  },
  async create(inputs: LocalHubInputs) {
    const impl = await importImpl<Impl>(localHubImplUrl, localHubImplPath);
    return impl.create(inputs);
  },
  async read(id: string, props?: LocalHubOutputs) {
    const impl = await importImpl<Impl>(localHubImplUrl, localHubImplPath);
    return impl.read(id, props);
  },
  async update(id: string, olds: LocalHubOutputs, news: LocalHubInputs) {
    const impl = await importImpl<Impl>(localHubImplUrl, localHubImplPath);
    return impl.update(id, olds, news);
  },
  async delete(id: string, props: LocalHubOutputs) {
    const impl = await importImpl<Impl>(localHubImplUrl, localHubImplPath);
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
