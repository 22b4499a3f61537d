// The few calls the demo and the bench make to a running Vigie API, over fetch (keep-alive).

export interface Api {
  baseUrl: string;
  token: string;
}

export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly status: number;
  readonly body: unknown;

  constructor(method: string, path: string, status: number, body: unknown) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

/** A response body as JSON, or as its text when it is not (a proxy's HTML error page): the status is what matters then. */
export function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends one JSON request; answers the parsed body, or throws unless the status is 2xx or allowed. */
export async function call<T>(
  api: Api,
  method: string,
  path: string,
  body?: unknown,
  allowed: number[] = [],
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = parseBody(text);
  if (!response.ok && !allowed.includes(response.status)) throw new ApiCallError(method, path, response.status, parsed);
  return { status: response.status, body: parsed as T };
}
