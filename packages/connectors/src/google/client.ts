import { createSign } from 'node:crypto';
import type { SourceSettings } from '../connector.ts';
import { bearerToken, requestToken } from '../http/bearer-token.ts';
import { badResponse } from '../http/errors.ts';
import type { Auth, HttpClient } from '../http/http-client.ts';

const SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly',
  'https://www.googleapis.com/auth/chrome.management.telemetry.readonly',
];
// Directory API: maxResults "should not exceed 300"; Chrome Management: pageSize at most 1000.
const DIRECTORY_MAX_PAGE = 300;
const TELEMETRY_MAX_PAGE = 1000;
// Google answers quota exhaustion with 403, not 429 (Directory API "Limits and quotas").
const rateLimited = (status: number, body: string) => status === 403 && /rateLimitExceeded|quotaExceeded/i.test(body);

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A service-account token (RFC 7523 JWT bearer grant), impersonating `subject` when domain-wide delegation is used. */
export function serviceAccountAuth(settings: SourceSettings): Auth {
  const tokenUrl = settings.tokenUrl ?? 'https://oauth2.googleapis.com/token';
  return bearerToken(async (http) => {
    const now = Math.floor(Date.now() / 1000);
    const { client_email: iss, private_key: key, subject } = settings.credentials;
    const claims = { iss, scope: SCOPES.join(' '), aud: tokenUrl, iat: now, exp: now + 3600, ...(subject ? { sub: subject } : {}) };
    const unsigned = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    let signature: string;
    try {
      signature = createSign('RSA-SHA256')
        .update(unsigned)
        .sign(key ?? '', 'base64url');
    } catch {
      throw badResponse('the service account private_key is not a PEM RSA key');
    }
    const body = await requestToken(http, {
      url: tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.${signature}`,
      }).toString(),
    });
    if (typeof body.access_token !== 'string') throw badResponse('Google token response has no access_token');
    return { token: body.access_token, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : null };
  });
}

async function* tokenPages(http: HttpClient, auth: Auth, firstUrl: string, items: string): AsyncIterable<unknown[]> {
  let pageToken: string | undefined;
  do {
    const url = new URL(firstUrl);
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    const page = await http.json<Record<string, unknown>>({ url: url.toString(), retryable: rateLimited }, auth);
    // Anything but an object (an HTML error page, an empty body) would read as an empty last page.
    if (!page || typeof page !== 'object' || Array.isArray(page)) throw badResponse('Google page is not a JSON object');
    const list = page[items];
    // An absent list is an empty page (Google omits empty arrays); an absent nextPageToken is the end.
    if (list !== undefined && !Array.isArray(list)) throw badResponse(`Google page has a non-array ${items}`);
    yield (list as unknown[] | undefined) ?? [];
    pageToken = typeof page.nextPageToken === 'string' && page.nextPageToken ? page.nextPageToken : undefined;
  } while (pageToken);
}

const customer = (settings: SourceSettings) => encodeURIComponent(settings.options.customer_id ?? 'my_customer');

/** Admin SDK Directory chromeosdevices.list, projection FULL. */
export function listChromeOsDevices(settings: SourceSettings, http: HttpClient, auth: Auth) {
  const url = new URL(`${settings.baseUrl.replace(/\/$/, '')}/admin/directory/v1/customer/${customer(settings)}/devices/chromeos`);
  url.searchParams.set('projection', 'FULL');
  url.searchParams.set('maxResults', String(Math.min(settings.pageSize, DIRECTORY_MAX_PAGE)));
  return tokenPages(http, auth, url.toString(), 'chromeosdevices');
}

/** A Chrome Management telemetry list (`devices` or `users`) with only the fields of `readMask`, in pages of the source's size (at most the API's). */
function telemetryUrl(settings: SourceSettings, list: 'devices' | 'users', readMask: string): string {
  const base = (settings.options.telemetry_base_url ?? 'https://chromemanagement.googleapis.com').replace(/\/$/, '');
  const url = new URL(`${base}/v1/customers/${customer(settings)}/telemetry/${list}`);
  url.searchParams.set('readMask', readMask);
  url.searchParams.set('pageSize', String(Math.min(settings.pageSize, TELEMETRY_MAX_PAGE)));
  return url.toString();
}

/**
 * Chrome Management telemetry/devices with only the device id and battery reports in the read mask
 * (battery_info for the design capacity, battery_status_report for the full-charge capacity).
 */
export function listTelemetryDevices(settings: SourceSettings, http: HttpClient, auth: Auth) {
  return tokenPages(http, auth, telemetryUrl(settings, 'devices', 'deviceId,batteryInfo,batteryStatusReport'), 'devices');
}

/** Chrome Management telemetry/users with only device ids and app reports in the read mask. */
export function listTelemetryUsers(settings: SourceSettings, http: HttpClient, auth: Auth) {
  // The read mask leaves out user_email; the mapping ignores it anyway if the API sends it.
  return tokenPages(http, auth, telemetryUrl(settings, 'users', 'user_device.device_id,user_device.app_report'), 'telemetryUsers');
}
