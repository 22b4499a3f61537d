import * as client from 'openid-client';
import type { Outbound } from '@vigie/outbound';
import { secretBox, type Db, type oidcProviders } from '@vigie/store';
import { isLoopbackHttp, type Config } from '@vigie/config';
import { tenantAllowList } from '../outbound/refuse-internal.ts';

type ProviderRow = NonNullable<Awaited<ReturnType<typeof oidcProviders.get>>>;

// A discovered provider is reused for an hour (its keys are refetched by openid-client as needed);
// a change of settings (updated_at) discovers again at once.
const DISCOVERY_TTL_MS = 3_600_000;
const DISCOVERY_TIMEOUT_S = 10;

export function redirectUri(config: Readonly<Config>): string {
  return `${config.api.publicUrl}/auth/oidc/callback`;
}

/** Discovers tenants' providers (openid-client Configurations), cached per tenant and settings version. */
export function createOidcClients(config: Readonly<Config>, db: Db, outbound: Outbound) {
  const cache = new Map<string, { version: number; until: number; configuration: client.Configuration }>();

  return async function configurationFor(provider: ProviderRow): Promise<client.Configuration> {
    const version = provider.updated_at.getTime();
    const cached = cache.get(provider.tenant_id);
    if (cached && cached.version === version && cached.until > Date.now()) return cached.configuration;
    // The issuer is a tenant's URL: discovery, keys and tokens go through the outbound client.
    const allow = await tenantAllowList(db, provider.tenant_id);
    const viaOutbound: client.CustomFetch = (url, options) =>
      outbound.fetch(url, {
        method: options.method,
        headers: options.headers,
        redirect: options.redirect,
        allow,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.body != null ? { body: bodyText(options.body) } : {}),
      });
    const secret = provider.client_secret_sealed
      ? secretBox.open(secretBox.keyring(config.secrets), provider.client_secret_sealed)
      : undefined;
    const configuration = await client.discovery(
      new URL(provider.issuer),
      provider.client_id,
      secret,
      secret ? client.ClientSecretPost(secret) : client.None(),
      {
        timeout: DISCOVERY_TIMEOUT_S,
        [client.customFetch]: viaOutbound,
        ...(isLoopbackHttp(provider.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
    cache.set(provider.tenant_id, { version, until: Date.now() + DISCOVERY_TTL_MS, configuration });
    return configuration;
  };
}

export type OidcClients = ReturnType<typeof createOidcClients>;

// openid-client sends forms and JSON; a stream body it never sends to these endpoints.
function bodyText(body: NonNullable<Parameters<client.CustomFetch>[1]['body']>): string {
  if (typeof body === 'string' || body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer || body instanceof Uint8Array) return Buffer.from(body as Uint8Array).toString();
  throw new TypeError('a streamed body is not sent to an OpenID provider');
}
