import type { Auth, HttpClient, HttpRequest } from './http-client.ts';
import { authFailed, badResponse } from './errors.ts';

/**
 * A bearer token fetched on first use and renewed when the server refuses it or it nears expiry.
 * `fetchToken` returns the token and its lifetime in seconds (null when the MDM does not say).
 */
export function bearerToken(fetchToken: (http: HttpClient) => Promise<{ token: string; expiresIn: number | null }>): Auth {
  let cached: { token: string; until: number } | null = null;
  return {
    async headers(http) {
      if (!cached || Date.now() >= cached.until) {
        const { token, expiresIn } = await fetchToken(http);
        // Renew early (a minute, or a fifth of short lifetimes: Jamf Pro tokens last 60 s) so a page
        // is never sent with a token about to lapse.
        const margin = expiresIn ? Math.min(60, expiresIn / 5) : 0;
        cached = { token, until: expiresIn ? Date.now() + (expiresIn - margin) * 1000 : Number.POSITIVE_INFINITY };
      }
      return { authorization: `Bearer ${cached.token}` };
    },
    invalidate() {
      cached = null;
    },
  };
}

/** Posts a token request; 400/401/403 mean bad credentials, which no retry will fix. */
export async function requestToken(http: HttpClient, request: HttpRequest): Promise<Record<string, unknown>> {
  const response = await http.request({ ...request, method: request.method ?? 'POST', accept: (s) => s === 400 || s === 401 || s === 403 });
  if (response.status >= 400) throw authFailed(`token request refused (${response.status})`, response.status);
  if (!response.body || typeof response.body !== 'object') throw badResponse('token response is not a JSON object');
  return response.body as Record<string, unknown>;
}

/** A fixed header (API key, Basic credentials): nothing to renew, so a 401 is final. */
export function staticHeaders(headers: Record<string, string>): Auth {
  return { headers: async () => headers, invalidate() {} };
}
