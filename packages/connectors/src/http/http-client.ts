import { InternalAddressError, type OutboundFetch } from '@vigie/outbound';
import { authFailed, ConnectorError } from './errors.ts';
import { backoffDelay, parseRetryAfter } from './retry-delay.ts';

export interface HttpOptions {
  /** The outbound client's fetch, bound to the tenant's allow-list: the only way out to an MDM. */
  fetch: OutboundFetch;
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, so a long sync can log why it is slow. */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Statuses the caller handles itself instead of an error (GLPI answers 400 past the last range). */
  accept?: (status: number) => boolean;
  /** Extra transient answers, e.g. Google's 403 userRateLimitExceeded. */
  retryable?: (status: number, body: string) => boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Supplies auth headers; invalidate() drops a token the server refused so the next call renews it. */
export interface Auth {
  headers(http: HttpClient): Promise<Record<string, string>>;
  invalidate(): void;
}

export type HttpClient = ReturnType<typeof createHttpClient>;

const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);
// A server asking for more than this is treated as down for now; the next scheduled sync retries.
const MAX_RETRY_AFTER_MS = 120_000;

const excerpt = (text: string) => text.slice(0, 200);

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** JSON over HTTP with a per-request timeout, bounded retries with backoff, and one token renewal on 401. */
export function createHttpClient(options: HttpOptions) {
  const sleep = options.sleep ?? wait;

  async function once(request: HttpRequest, auth: Auth | undefined, client: HttpClient) {
    const headers = { accept: 'application/json', ...request.headers, ...(auth ? await auth.headers(client) : {}) };
    const response = await options.fetch(request.url, {
      method: request.method ?? 'GET',
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'follow',
    });
    return { response, text: await response.text() };
  }

  const client = {
    async request(request: HttpRequest, auth?: Auth): Promise<HttpResponse> {
      let renewed = false;
      for (let attempt = 1; ; attempt++) {
        let reason: string;
        let retryAfter: number | null = null;
        try {
          const { response, text } = await once(request, auth, client);
          const status = response.status;
          if ((status >= 200 && status < 300) || request.accept?.(status)) {
            return { status, headers: response.headers, body: parseBody(text, response.headers.get('content-type')) };
          }
          if (status === 401 && auth && !renewed) {
            // Tokens expire mid-sync (Graph: one hour): renew once; a second 401 is a real refusal.
            auth.invalidate();
            renewed = true;
            attempt--;
            continue;
          }
          const transient = TRANSIENT.has(status) || Boolean(request.retryable?.(status, text));
          if (!transient && (status === 401 || status === 403)) throw authFailed(`${status} from ${new URL(request.url).pathname}`, status);
          if (!transient) {
            throw new ConnectorError('http_error', `${status} from ${new URL(request.url).pathname}: ${excerpt(text)}`, {
              permanent: true,
              status,
            });
          }
          reason = `status ${status}`;
          retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        } catch (error) {
          if (error instanceof ConnectorError) throw error;
          if (error instanceof InternalAddressError) throw new ConnectorError('internal_address', error.message, { permanent: true });
          const name = (error as Error).name;
          reason = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : `network: ${(error as Error).message}`;
        }
        if (attempt >= options.maxAttempts) {
          const code = reason === 'timeout' ? 'timeout' : reason.startsWith('network') ? 'network' : 'http_error';
          throw new ConnectorError(code, `gave up after ${attempt} attempts on ${new URL(request.url).pathname}: ${reason}`, {
            permanent: false,
          });
        }
        const delayMs = Math.min(
          MAX_RETRY_AFTER_MS,
          retryAfter ?? backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, options.random),
        );
        options.onRetry?.({ url: request.url, attempt, delayMs, reason });
        await sleep(delayMs);
      }
    },

    async json<T = unknown>(request: HttpRequest, auth?: Auth): Promise<T> {
      return (await client.request(request, auth)).body as T;
    },
  };
  return client;
}
