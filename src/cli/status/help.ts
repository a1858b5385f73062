export const statusHelp = `Usage: hubjobs status [job...] [options]

Shows every job's state and device statistics on the hub. A job is named by its job id or by its
manifest name (every revision of that manifest). No job named = every job the hub remembers.
Jobs are judged as \`pulumi up\` judges them: in an ended method job, a device whose method answered
a status outside 200..299 failed, though the hub counts it as succeeded. A job of a manifest (the
job the stack names with --hub <stack>, or one with the manifest's name doing its work, from the
manifests in --jobs) is judged by that manifest's completion rule (maxFailedPercent; a cancelled job
fails). Any other job fails when any of its devices failed. The output says which rule judged each job.

Options:
  --watch               redraw a progress bar per unfinished job until all have ended, then a summary
  --json                print one JSON document ({ ok, jobs: [...] }) instead of text
  --hub <hub>           a connection string "HostName=...;SharedAccessKeyName=...;SharedAccessKey=..."
                        or a Pulumi stack name (its hubConnectionString / hubHostName outputs)
  --endpoint <url>      connect to this URL (an emulator, e.g. http://127.0.0.1:4300) while signing
                        for the hub's HostName; default https://<HostName>/ (env HUBJOBS_ENDPOINT)
  --auth entra --host-name <host>
                        Microsoft Entra ID via DefaultAzureCredential (role: IoT Hub Data Contributor)
  --interval <d>        time between polls with --watch (default 2s; e.g. 500ms, 5s)
  --max-failed <n>      failed devices listed per job in the summary (default 10)
  --jobs <path>         manifest file or directory whose completion rules judge their jobs (default jobs/)
  -h, --help            this help

Without --hub: HUBJOBS_CONNECTION_STRING, else the dev emulator started by \`hubjobs hub\`
(http://127.0.0.1:4300, hub "dev", admin key from HUBJOBS_ADMIN_KEY or .hubjobs/emulator/admin-key).

Exit codes: 0 no job failed by its rule (unfinished jobs included);
            1 a job failed by its rule, or a named job does not exist;
            2 usage error or the hub could not be reached.
See docs/status.md.
`;
