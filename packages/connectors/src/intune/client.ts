import type { SourceSettings } from '../connector.ts';
import { bearerToken, requestToken } from '../http/bearer-token.ts';
import { badResponse, ConnectorError } from '../http/errors.ts';
import type { Auth, HttpClient } from '../http/http-client.ts';

interface GraphPage {
  value?: unknown[];
  '@odata.nextLink'?: string;
}

function tokenUrl(settings: SourceSettings): string {
  if (settings.tokenUrl) return settings.tokenUrl;
  const directory = settings.options.directory_id;
  if (!directory)
    throw new ConnectorError('config', 'intune needs token_url or options.directory_id (Entra tenant id)', { permanent: true });
  return `https://login.microsoftonline.com/${encodeURIComponent(directory)}/oauth2/v2.0/token`;
}

/** A client-credentials token for Graph, renewed when it expires. */
export function graphAuth(settings: SourceSettings): Auth {
  return bearerToken(async (client) => {
    const body = await requestToken(client, {
      url: tokenUrl(settings),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: settings.credentials.client_id ?? '',
        client_secret: settings.credentials.client_secret ?? '',
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    if (typeof body.access_token !== 'string') throw badResponse('Graph token response has no access_token');
    return { token: body.access_token, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : null };
  });
}

const root = (settings: SourceSettings) => settings.baseUrl.replace(/\/$/, '');

/**
 * One device's beta hardwareInformation (battery health among it), or null for a device deleted
 * since the list. Graph fills hardwareInformation only on a GET of one device, never in lists
 * (microsoft-graph-docs-contrib issues): one request per device, hence opt-in.
 */
export async function getHardwareInformation(settings: SourceSettings, http: HttpClient, auth: Auth, id: string): Promise<unknown> {
  const url = `${root(settings)}/beta/deviceManagement/managedDevices/${encodeURIComponent(id)}?$select=id,hardwareInformation`;
  const { status, body } = await http.request({ url, accept: (s) => s === 404 }, auth);
  if (status === 404 || !body || typeof body !== 'object') return null;
  return (body as { hardwareInformation?: unknown }).hardwareInformation ?? null;
}

/** Microsoft Graph managedDevices, page by page, following @odata.nextLink verbatim (Graph paging doc). */
export async function* listManagedDevices(settings: SourceSettings, http: HttpClient, auth: Auth): AsyncIterable<unknown[]> {
  let url: string | undefined = `${root(settings)}/v1.0/deviceManagement/managedDevices?$top=${settings.pageSize}`;
  while (url) {
    const page: GraphPage = await http.json<GraphPage>({ url }, auth);
    if (!Array.isArray(page?.value)) throw badResponse('Graph page has no value array');
    // A page may be empty and still have a next link (Graph paging doc): keep following.
    yield page.value;
    url = page['@odata.nextLink'];
  }
}
