// An error as the IoT Hub service reports it on the wire. Handlers throw these; the pipeline turns
// them into the service's body shape, so every error answer looks the same whoever raised it.

export class ServiceError extends Error {
  readonly status: number;
  /** The service's error code name, e.g. `JobNotFound`. */
  readonly errorCode: string;
  /** The service's numeric code, e.g. 404002, when it has one. */
  readonly numericCode: number | undefined;

  constructor(status: number, errorCode: string, message: string, numericCode?: number) {
    super(message);
    this.name = "ServiceError";
    this.status = status;
    this.errorCode = errorCode;
    this.numericCode = numericCode;
  }

  /** The body the real service sends: `{"Message":"ErrorCode:<Name>;<text>","ExceptionMessage":"Tracking ID:...-TimeStamp:..."}`. */
  toBody(trackingId: string, now: Date): { Message: string; ExceptionMessage: string } {
    const stamp = formatServiceTimestamp(now);
    return {
      Message: `ErrorCode:${this.errorCode};${this.message}`,
      ExceptionMessage: `Tracking ID:${trackingId}-G:0-TimeStamp:${stamp}`,
    };
  }
}

/** The service writes timestamps in error bodies as `MM/dd/yyyy HH:mm:ss` (UTC). */
function formatServiceTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
