// Microsoft's Java service SDK (iot-service-client 2.1.9) calling the hub as its samples do: the seed's
// two jobs (a twin update and LockDoor on a connected device), the devices.jobs query, the job list and a cancel.
// Run by test/sdk/java-sdk.ts with `java -cp <maven class path> ServiceSdkCheck.java <connection string> <id prefix> <online device>`;
// prints one JSON object per step on stdout, which the Node test asserts on. Any SDK exception fails the run.
import com.google.gson.Gson;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.JobQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ServiceSdkCheck {
    private static final Gson GSON = new Gson();
    public static void main(String[] args) throws Exception {
        String connectionString = args[0];
        String prefix = args[1];
        String deviceCondition = "DeviceId IN ['" + args[2] + "']";
        ScheduledJobsClient jobs = new ScheduledJobsClient(connectionString);
        QueryClient query = new QueryClient(connectionString);

        // The seed's twin job: the SDK serializes the whole twin (empty reported, null fields).
        Twin twin = new Twin();
        twin.setETag("*");
        twin.getTags().put("Building", "43");
        twin.getTags().put("Floor", "3");
        twin.getDesiredProperties().put("LocationUpdate", "java-sdk");
        String twinJobId = prefix + "-java-twin";
        jobs.scheduleUpdateTwin(twinJobId, deviceCondition, twin, new Date(), 120);
        print("twinJob", jobSummary(waitForEnd(jobs, twinJobId)));

        // The seed's method job.
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reason", "java-sdk");
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder()
            .payload(payload).methodResponseTimeoutSeconds(5).methodConnectTimeoutSeconds(5).maxExecutionTimeSeconds(120).build();
        String methodJobId = prefix + "-java-method";
        jobs.scheduleDirectMethod(methodJobId, deviceCondition, "LockDoor", new Date(), options);
        print("methodJob", jobSummary(waitForEnd(jobs, methodJobId)));

        // Its devices.jobs rows, parsed by the SDK's ScheduledJob.
        JobQueryResponse rows = query.queryJobs("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '" + methodJobId + "' AND devices.jobs.status = 'completed'");
        List<Map<String, Object>> parsedRows = new ArrayList<>();
        while (rows.hasNext()) {
            ScheduledJob row = rows.next();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("deviceId", row.getDeviceId());
            r.put("jobType", String.valueOf(row.getJobType()));
            r.put("status", String.valueOf(row.getJobStatus()));
            if (row.getOutcomeResult() != null) {
                r.put("outcomeStatus", row.getOutcomeResult().getStatus());
                r.put("outcomePayload", row.getOutcomeResult().getPayloadAsJsonString());
            }
            parsedRows.add(r);
        }
        print("deviceJobRows", Map.of("rows", parsedRows));

        // The job list, filtered by type and status.
        JobQueryResponse listed = jobs.query(ScheduledJobType.scheduleDeviceMethod, ScheduledJobStatus.completed);
        List<String> listedIds = new ArrayList<>();
        while (listed.hasNext()) listedIds.add(listed.next().getJobId());
        print("jobList", Map.of("jobIds", listedIds));

        // A job scheduled an hour ahead, cancelled before it starts.
        String laterJobId = prefix + "-java-later";
        jobs.scheduleDirectMethod(laterJobId, deviceCondition, "LockDoor", new Date(System.currentTimeMillis() + 3_600_000L), options);
        ScheduledJob cancelled = jobs.cancel(laterJobId);
        Map<String, Object> cancel = new LinkedHashMap<>();
        cancel.put("answer", String.valueOf(cancelled.getJobStatus()));
        cancel.put("after", String.valueOf(jobs.get(laterJobId).getJobStatus()));
        print("cancel", cancel);
    }

    private static ScheduledJob waitForEnd(ScheduledJobsClient jobs, String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            ScheduledJob job = jobs.get(jobId);
            ScheduledJobStatus s = job.getJobStatus();
            if (s == ScheduledJobStatus.completed || s == ScheduledJobStatus.failed || s == ScheduledJobStatus.cancelled) return job;
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("job " + jobId + " did not end: " + s);
            Thread.sleep(200);
        }
    }

    private static Map<String, Object> jobSummary(ScheduledJob job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", job.getJobId());
        m.put("type", String.valueOf(job.getJobType()));
        m.put("status", String.valueOf(job.getJobStatus()));
        m.put("deviceCount", job.getJobStatistics().getDeviceCount());
        m.put("succeededCount", job.getJobStatistics().getSucceededCount());
        m.put("failedCount", job.getJobStatistics().getFailedCount());
        return m;
    }

    private static void print(String step, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.putAll(fields);
        System.out.println(GSON.toJson(line));
    }
}
