import type { SourceSettings } from '../connector.ts';
import { bearerToken, requestToken } from '../http/bearer-token.ts';
import { badResponse } from '../http/errors.ts';
import type { Auth, HttpClient } from '../http/http-client.ts';
import { offsetPages } from '../sync/offset-pages.ts';

const root = (settings: SourceSettings) => settings.baseUrl.replace(/\/$/, '');

/** API client credentials (Jamf Pro 10.49+): POST /api/oauth/token; tokens live about a minute. */
export function apiClientAuth(settings: SourceSettings): Auth {
  return bearerToken(async (http) => {
    const body = await requestToken(http, {
      url: settings.tokenUrl ?? `${root(settings)}/api/oauth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: settings.credentials.client_id ?? '',
        client_secret: settings.credentials.client_secret ?? '',
      }).toString(),
    });
    if (typeof body.access_token !== 'string') throw badResponse('Jamf Pro token response has no access_token');
    return { token: body.access_token, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : null };
  });
}

/**
 * Page size per endpoint: computers-inventory and mobile-devices detail may cap page-size
 * differently, so each reads its own option (computers_page_size, mobile_page_size), else page_size.
 */
function pageSizeOf(settings: SourceSettings, option: string): number {
  const size = Number(settings.options[option]);
  return Number.isInteger(size) && size > 0 ? size : settings.pageSize;
}

function envelopePages(
  settings: SourceSettings,
  http: HttpClient,
  auth: Auth,
  path: string,
  query: [string, string][],
  sizeOption: string,
) {
  const pageSize = pageSizeOf(settings, sizeOption);
  return offsetPages(
    pageSize,
    async (page) => {
      const url = new URL(`${root(settings)}${path}`);
      for (const [k, v] of query) url.searchParams.append(k, v);
      url.searchParams.set('page', String(page));
      url.searchParams.set('page-size', String(pageSize));
      const body = await http.json<{ totalCount?: unknown; results?: unknown }>({ url: url.toString() }, auth);
      if (!Array.isArray(body?.results)) throw badResponse(`Jamf Pro ${path} page has no results array`);
      return { items: body.results as unknown[], total: typeof body.totalCount === 'number' ? body.totalCount : null };
    },
    `options.${sizeOption}`,
  );
}

/** Computers, sorted by id so pages are stable unless the inventory itself changes. */
export const listComputers = (settings: SourceSettings, http: HttpClient, auth: Auth) =>
  envelopePages(
    settings,
    http,
    auth,
    '/api/v1/computers-inventory',
    [
      ['section', 'GENERAL'],
      ['section', 'HARDWARE'],
      ['section', 'OPERATING_SYSTEM'],
      ['section', 'STORAGE'],
      ['sort', 'id:asc'],
    ],
    'computers_page_size',
  );

/** Mobile devices (iPad, iPhone) with general and hardware sections. */
export const listMobileDevices = (settings: SourceSettings, http: HttpClient, auth: Auth) =>
  envelopePages(
    settings,
    http,
    auth,
    '/api/v2/mobile-devices/detail',
    [
      ['section', 'GENERAL'],
      ['section', 'HARDWARE'],
      ['sort', 'mobileDeviceId:asc'],
    ],
    'mobile_page_size',
  );
