// Test set-up: waits until a job on a real (embedded) hub has ended. Tests assert on what commands
// print about the job, never on how long it took.
import { isFinished, type IotHubClient } from "../../src/iothub/index.ts";

export async function waitUntilFinished(client: Pick<IotHubClient, "getJob">, jobId: string): Promise<void> {
  for (;;) {
    const job = await client.getJob(jobId);
    if (job && isFinished(job.status)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}
