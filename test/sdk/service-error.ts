// Reads what the service said in an error the SDK returned. The SDK keeps the raw body in
// `responseBody` and the HTTP response in `response`. The service writes its code in two shapes:
// `{"Message":"ErrorCode:<Name>;<text>"}` and `{"Message":"{\"errorCode\":404103,...}"}`.
export interface ServiceErrorInfo {
  status: number | undefined;
  /** The code name (`DeviceNotOnline`), when the body carries one. */
  codeName: string | undefined;
  /** The numeric code (404103), when the body carries one. */
  code: number | undefined;
}

export function serviceErrorOf(err: unknown): ServiceErrorInfo {
  const e = err as { response?: { statusCode?: number }; responseBody?: unknown };
  const info: ServiceErrorInfo = { status: e?.response?.statusCode, codeName: undefined, code: undefined };
  if (typeof e?.responseBody !== "string") return info;
  let message: unknown;
  try {
    message = (JSON.parse(e.responseBody) as { Message?: unknown }).Message;
  } catch {
    return info;
  }
  if (typeof message !== "string") return info;
  const named = /^ErrorCode:([A-Za-z]+);/.exec(message);
  if (named) info.codeName = named[1];
  try {
    const inner = JSON.parse(message) as { errorCode?: unknown };
    if (typeof inner.errorCode === "number") info.code = inner.errorCode;
  } catch {
    // Not the JSON-in-Message shape.
  }
  return info;
}

/** Runs an SDK call that must fail, and returns its error. */
export async function rejectionOf(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the SDK call to fail, but it succeeded");
}
