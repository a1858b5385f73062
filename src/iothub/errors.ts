// Errors from the IoT Hub, as data: the HTTP status, the service's error code name, its message and
// tracking id, and whether a retry can help. Callers branch on `errorCode`/`status`, never on wording.

export class IotHubError extends Error {
  readonly status: number;
  /** The service's error code name (`JobNotFound`), or a transport code (`ConnectionDropped`, `Timeout`). */
  readonly errorCode: string;
  readonly trackingId: string | undefined;
  readonly retryable: boolean;
  /** Seconds the service asked us to wait (Retry-After), when it said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: { status: number; errorCode: string; message: string; trackingId?: string; retryable?: boolean; retryAfterSeconds?: number }) {
    super(init.message);
    this.name = "IotHubError";
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.trackingId = init.trackingId;
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The same error with a message that adds the caller's context; status, code, tracking id and retry hints are kept. */
  withMessage(message: string): IotHubError {
    return new IotHubError({
      status: this.status,
      errorCode: this.errorCode,
      message,
      retryable: this.retryable,
      ...(this.trackingId ? { trackingId: this.trackingId } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    });
  }

  /** One line for logs and diagnostics: status, code, message, tracking id. */
  describe(): string {
    const tracking = this.trackingId ? ` (tracking id ${this.trackingId})` : "";
    return `${this.status} ${this.errorCode}: ${this.message}${tracking}`;
  }
}

/** 429 (both throttling codes) and every 5xx are worth retrying; other 4xx are the caller's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500 || status === 0;
}

// Numeric codes seen on the wire, mapped to the names the Node client reports.
const numericCodeNames: Record<number, string> = {
  400004: "ArgumentInvalid",
  404001: "DeviceNotFound",
  404002: "JobNotFound",
  404103: "DeviceNotOnline",
  409001: "DeviceAlreadyExists",
  412001: "PreconditionFailed",
  429001: "ThrottlingException",
};

const statusFallbackNames: Record<number, string> = {
  400: "ArgumentInvalid",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  408: "DeviceTimeout",
  409: "Conflict",
  412: "PreconditionFailed",
  429: "ThrottlingException",
};

/**
 * Reads an error answer. Two body shapes exist:
 *  - `{"Message":"ErrorCode:<Name>;<text>","ExceptionMessage":"Tracking ID:<id>-TimeStamp:..."}`
 *  - `{"Message":"{\"errorCode\":400004,\"trackingId\":\"...\",\"message\":\"...\"}"}` (escaped JSON)
 * Anything else still yields an error named after the status, with the raw text as message.
 */
export function parseErrorResponse(status: number, bodyText: string, headers: Record<string, string | string[] | undefined> = {}): IotHubError {
  const retryAfterSeconds = retryAfterSecondsOf(headers);
  const headerCode = firstHeader(headers["iothub-errorcode"]);
  let errorCode = headerCode ?? statusFallbackNames[status] ?? (status >= 500 ? "ServerError" : `Http${status}`);
  let message = bodyText.trim() || `HTTP ${status}`;
  let trackingId: string | undefined;

  const body = tryParseJson(bodyText);
  const outer = body && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
  const rawMessage = outer ? (outer.Message ?? outer.message) : undefined;
  if (typeof rawMessage === "string") {
    const inner = tryParseJson(rawMessage);
    if (inner && typeof inner === "object") {
      const i = inner as Record<string, unknown>;
      if (typeof i.errorCode === "number") errorCode = numericCodeNames[i.errorCode] ?? String(i.errorCode);
      else if (typeof i.errorCode === "string") errorCode = i.errorCode;
      if (typeof i.message === "string") message = i.message;
      if (typeof i.trackingId === "string") trackingId = i.trackingId;
    } else {
      const m = /^ErrorCode:([^;]*);?([\s\S]*)$/.exec(rawMessage);
      if (m) {
        errorCode = m[1]!.trim() || errorCode;
        message = m[2]!.trim() || message;
      } else {
        message = rawMessage;
      }
    }
  }
  const exception = outer?.ExceptionMessage;
  if (!trackingId && typeof exception === "string") {
    const t = /Tracking ID:\s*([^\s]+?)(?:-G:|-TimeStamp:|\s|$)/.exec(exception);
    if (t) trackingId = t[1];
  }
  return new IotHubError({ status, errorCode, message, ...(trackingId ? { trackingId } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How long the service asked us to wait, read the way the Azure SDK's throttling policy reads it:
 * `retry-after-ms` or `x-ms-retry-after-ms` in milliseconds, else `Retry-After` in seconds or as an
 * HTTP date.
 */
function retryAfterSecondsOf(headers: Record<string, string | string[] | undefined>): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = nonNegativeNumber(firstHeader(headers[name]));
    if (ms !== undefined) return ms / 1000;
  }
  const retryAfter = firstHeader(headers["retry-after"]);
  if (retryAfter === undefined) return undefined;
  const seconds = nonNegativeNumber(retryAfter);
  if (seconds !== undefined) return seconds;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
}

function nonNegativeNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
