import type { SourceSettings } from '../connector.ts';
import { staticHeaders } from '../http/bearer-token.ts';
import { badResponse } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';

/**
 * Jamf School GET /api/devices: Basic networkId:apiKey plus the protocol header both public SDKs
 * send. There is no paging: the whole list comes at once, so a source with many devices lists them
 * per location (options.locations = "1,2,3"), one request each.
 */
export async function* listDevices(settings: SourceSettings, http: HttpClient): AsyncIterable<unknown[]> {
  const basic = Buffer.from(`${settings.credentials.network_id ?? ''}:${settings.credentials.api_key ?? ''}`).toString('base64');
  const auth = staticHeaders({ authorization: `Basic ${basic}`, 'x-server-protocol-version': '3' });
  const locations = (settings.options.locations ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const location of locations.length ? locations : [null]) {
    const url = new URL(`${settings.baseUrl.replace(/\/$/, '')}/devices`);
    if (location) url.searchParams.set('location', location);
    const body = await http.json<{ devices?: unknown }>({ url: url.toString() }, auth);
    if (!Array.isArray(body?.devices)) throw badResponse('Jamf School answer has no devices array');
    yield body.devices as unknown[];
  }
}
