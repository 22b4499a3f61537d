import type { SourceSettings } from '../connector.ts';
import { staticHeaders } from '../http/bearer-token.ts';
import { badResponse } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { offsetPages } from '../sync/offset-pages.ts';

/**
 * Fleet GET /api/v1/fleet/hosts with an API-only user's token. The answer has no total and no next
 * link: paging ends on a short (or empty) page. Ordered by id so pages only shift on enrolments.
 */
export function listHosts(settings: SourceSettings, http: HttpClient): AsyncIterable<unknown[]> {
  const auth = staticHeaders({ authorization: `Bearer ${settings.credentials.api_token ?? ''}` });
  return offsetPages(settings.pageSize, async (page) => {
    const url = new URL(`${settings.baseUrl.replace(/\/$/, '')}/api/v1/fleet/hosts`);
    url.searchParams.set('page', String(page));
    url.searchParams.set('per_page', String(settings.pageSize));
    url.searchParams.set('order_key', 'id');
    url.searchParams.set('order_direction', 'asc');
    const body = await http.json<{ hosts?: unknown }>({ url: url.toString() }, auth);
    if (!Array.isArray(body?.hosts)) throw badResponse('Fleet answer has no hosts array');
    return { items: body.hosts as unknown[], total: null };
  });
}
