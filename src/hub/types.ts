// What every hub mode hands the program: how job resources reach the hub, and what they depend on.
import type * as pulumi from "@pulumi/pulumi";
import type { HubAccessInputs } from "../provider/job-types.ts";

export interface ProvisionedHub {
  hostName: pulumi.Output<string>;
  /** Job resource input: host, endpoint, auth, and the connection string (secret). */
  access: pulumi.Output<HubAccessInputs>;
  /** Resources the jobs must wait for (the hub itself); empty for an existing hub. */
  dependsOn: pulumi.Resource[];
}
