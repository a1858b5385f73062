// The benchmark's manifests, also read by the fast-YAML tests (so this module has no side effects).

/** Realistic documents: the shapes of the examples in jobs/, with varied names and values. */
export function documentText(i: number): string {
  const header = `# yaml-language-server: $schema=../schemas/job.schema.json\napiVersion: hubjobs/v1\n`;
  switch (i % 3) {
    case 0:
      return `${header}kind: DeviceMethodJob
metadata:
  name: lock-doors-device-${i}
  description: Lock the door of Device-${i}
  labels: { team: facilities }
spec:
  target:
    deviceIds: [Device-${i}, Device-${i + 1}]
  method:
    name: LockDoor
    payload: { reason: after-hours, force: ${i % 2 === 0} }
    responseTimeout: 5s
    connectTimeout: 5s
  schedule:
    maxExecutionTime: 2m
`;
    case 1:
      return `${header}kind: TwinUpdateJob
metadata:
  name: locate-device-${i}
spec:
  target:
    deviceIds: [Device-${i}]
  twin:
    tags:
      Building: "${i % 50}"
      Floor: "${i % 7}"
    desired:
      LocationUpdate: "2026-11-26T00:00:00Z"
  schedule:
    maxExecutionTime: 2m
`;
    default:
      return `${header}kind: DeviceMethodJob
metadata:
  name: lock-building-${i}
spec:
  target:
    query: "tags.Building = '${i % 50}' AND tags.Floor = '${i % 7}' AND properties.reported.fw < 2"
  method:
    name: LockDoor
    responseTimeout: 10s
  schedule:
    startTime: 2026-11-27T02:00:00Z
    maxExecutionTime: 10m
  completion:
    maxFailedPercent: 10
`;
  }
}
