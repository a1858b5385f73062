// A small valid DeviceMethodJob manifest for checkSource tests; `extra` lines go at the end (inside
// spec.method when indented by four spaces, under spec by two). The name is on line 4, column 9.
export const methodJobText = (name: string, extra = "") => `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: ${name}
spec:
  target: { deviceIds: [Device-1] }
  method:
    name: LockDoor
    payload: { reason: test }
${extra}`;
