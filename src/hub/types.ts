// What every hub mode hands the program: how job resources reach the hub, and what they depend on.
import type * as pulumi from "@pulumi/pulumi";
import type { BlastConnection } from "../blast/for-preview.ts";
import type { HubAccessInputs } from "../provider/job-types.ts";

/** Where the devices of a hub this deployment has yet to create can be counted in a preview. */
export interface PreviewCountSource {
  /** One line saying what is counted, printed before the per-job counts. */
  note: string;
  connection: BlastConnection;
}

export interface ProvisionedHub {
  hostName: pulumi.Output<string>;
  /**
   * Which hub this is, from configuration alone, so it is known in every preview: a job moves to
   * another hub (and runs again) exactly when this changes. `local/dev`, `azure/<group>/<name>@<region>`, `existing/<host>`.
   */
  identity: string;
  /** Job resource input: host, endpoint, auth, and the connection string (secret). */
  access: pulumi.Output<HubAccessInputs>;
  /** Resources the jobs must wait for (the hub itself); empty for an existing hub. */
  dependsOn: pulumi.Resource[];
  /**
   * In the preview that creates the hub (its access still unknown): where to count its devices
   * instead, or undefined when nowhere can tell. Absent for modes with no such place.
   */
  previewCount?: () => Promise<PreviewCountSource | undefined>;
}
