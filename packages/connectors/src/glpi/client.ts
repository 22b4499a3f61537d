import type { SourceSettings } from '../connector.ts';
import { requestToken } from '../http/bearer-token.ts';
import { badResponse } from '../http/errors.ts';
import type { Auth, HttpClient } from '../http/http-client.ts';
import { offsetPages } from '../sync/offset-pages.ts';

const root = (settings: SourceSettings) => settings.baseUrl.replace(/\/$/, '');

/** GLPI legacy REST: initSession with a user token (+ App-Token), then Session-Token on each call; renewed on 401. */
export function sessionAuth(settings: SourceSettings): Auth {
  const app: Record<string, string> = settings.credentials.app_token ? { 'app-token': settings.credentials.app_token } : {};
  let session: string | null = null;
  return {
    async headers(http) {
      if (!session) {
        const body = await requestToken(http, {
          url: `${root(settings)}/initSession`,
          method: 'GET',
          headers: { authorization: `user_token ${settings.credentials.user_token ?? ''}`, ...app },
        });
        if (typeof body.session_token !== 'string') throw badResponse('GLPI initSession answer has no session_token');
        session = body.session_token;
      }
      return { 'session-token': session, ...app };
    },
    invalidate() {
      session = null;
    },
  };
}

/** "0-9/23" -> 23 */
function totalOf(contentRange: string | null): number | null {
  const match = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * Computers by range (GLPI answers 206 with Content-Range "a-b/total", or 200 for the last part;
 * asking past the end is a 400 ERROR_RANGE_EXCEED_TOTAL, which here just means "done").
 */
export function listComputers(settings: SourceSettings, http: HttpClient, auth: Auth): AsyncIterable<unknown[]> {
  const size = settings.pageSize;
  return offsetPages(size, async (page) => {
    const url = new URL(`${root(settings)}/Computer/`);
    url.searchParams.set('expand_dropdowns', 'true');
    url.searchParams.set('range', `${page * size}-${page * size + size - 1}`);
    url.searchParams.set('sort', 'id');
    const response = await http.request({ url: url.toString(), accept: (s) => s === 400 }, auth);
    if (response.status === 400) {
      if (JSON.stringify(response.body).includes('ERROR_RANGE_EXCEED_TOTAL')) return { items: [], total: page * size };
      throw badResponse(`GLPI refused the range: ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    if (!Array.isArray(response.body)) throw badResponse('GLPI Computer answer is not an array');
    return { items: response.body as unknown[], total: totalOf(response.headers.get('content-range')) };
  });
}
