import type { z } from 'zod';
import { ApiError, type ErrorCode } from '@vigie/contracts/web';

// One way to call the API: same-origin fetch with the session cookie (httpOnly: the page never
// sees it), the CSRF token of the session on every write, and every failure turned into an
// ApiFailure with the API's machine-readable code and field. No page shows a raw error.

/** Codes the client adds to the API's own: the network failed, or the answer did not match its schema. */
export type FailureCode = ErrorCode | 'network' | 'bad_response';

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: FailureCode;
  readonly field: string | null;
  constructor(status: number, code: FailureCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let csrfToken: string | null = null;
/** Set once the session is read: writes carry it in x-csrf-token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Query string from defined values only, in a stable order (it is part of the cache key). */
export function withQuery(path: string, query: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function call(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiFailure(0, 'network', 'network unreachable');
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiFailure(response.status, response.ok ? 'bad_response' : 'internal', `not JSON (${response.status})`);
  }
  if (!response.ok) {
    const parsed = ApiError.safeParse(json);
    if (parsed.success) throw new ApiFailure(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.field);
    throw new ApiFailure(response.status, response.status >= 500 ? 'internal' : 'bad_response', `HTTP ${response.status}`);
  }
  return json;
}

// The answer is checked against the contract's schema, but returned as sent: fields a newer API
// adds (and an older contract would strip) stay readable.
function checked<S extends z.ZodType>(schema: S, json: unknown, path: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) throw new ApiFailure(200, 'bad_response', `${path}: ${result.error.issues[0]?.message ?? 'unexpected answer'}`);
  return json as z.infer<S>;
}

export async function get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  return checked(schema, await call('GET', path, undefined, signal), path);
}

export async function send<S extends z.ZodType>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: S,
): Promise<z.infer<S>> {
  return checked(schema, await call(method, path, body), path);
}
