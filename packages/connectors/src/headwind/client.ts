import { createHash } from 'node:crypto';
import type { SourceSettings } from '../connector.ts';
import { bearerToken, requestToken } from '../http/bearer-token.ts';
import { badResponse } from '../http/errors.ts';
import type { Auth, HttpClient } from '../http/http-client.ts';
import { offsetPages } from '../sync/offset-pages.ts';

const root = (settings: SourceSettings) => settings.baseUrl.replace(/\/$/, '');

/** JWT login: the password is sent as its MD5 hex digest (JWTAuthResource in h-mdm/hmdm-server). */
export function jwtAuth(settings: SourceSettings): Auth {
  return bearerToken(async (http) => {
    const password = createHash('md5')
      .update(settings.credentials.password ?? '')
      .digest('hex')
      .toUpperCase();
    const body = await requestToken(http, {
      url: settings.tokenUrl ?? `${root(settings)}/rest/public/jwt/login`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: settings.credentials.login ?? '', password }),
    });
    if (typeof body.id_token !== 'string') throw badResponse('Headwind login answer has no id_token');
    // The JWT's lifetime is not in the answer: it is renewed when the server answers 401.
    return { token: body.id_token, expiresIn: null };
  });
}

export interface DevicePage {
  items: unknown[];
  configurations: Record<string, { name?: unknown }>;
}

/** POST /rest/private/devices/search, pageNum from 1, until totalItemsCount is reached. */
export async function* searchDevices(settings: SourceSettings, http: HttpClient, auth: Auth): AsyncIterable<DevicePage> {
  let configurations: DevicePage['configurations'] = {};
  const pages = offsetPages(settings.pageSize, async (index) => {
    const body = await http.json<{
      status?: unknown;
      message?: unknown;
      data?: { configurations?: unknown; devices?: { items?: unknown; totalItemsCount?: unknown } };
    }>(
      {
        url: `${root(settings)}/rest/private/devices/search`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pageSize: settings.pageSize, pageNum: index + 1, sortBy: null, sortDir: 'ASC', value: null }),
      },
      auth,
    );
    // Headwind wraps errors in a 200 answer with status ERROR.
    if (body?.status !== 'OK') throw badResponse(`Headwind search answered ${String(body?.status)}: ${String(body?.message ?? '')}`);
    const items = body.data?.devices?.items;
    if (!Array.isArray(items)) throw badResponse('Headwind search answer has no devices.items');
    configurations = (body.data?.configurations ?? {}) as DevicePage['configurations'];
    const total = body.data?.devices?.totalItemsCount;
    return { items, total: typeof total === 'number' ? total : null };
  });
  for await (const items of pages) yield { items, configurations };
}
