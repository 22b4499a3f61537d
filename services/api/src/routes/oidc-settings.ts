import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, OidcRule, OidcSettings, OidcSettingsInput } from '@vigie/contracts';
import { isLoopbackHttp } from '@vigie/config';
import { oidcProviders, secretBox, tenants } from '@vigie/store';
import type { AppDeps, RouteDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { tenantCaller } from '../auth.ts';
import { AppError, notFound } from '../errors.ts';
import { redirectUri } from '../sign-in/oidc-client.ts';
import { refuseInternal } from '../outbound/refuse-internal.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 503: ApiError };
type ProviderRow = NonNullable<Awaited<ReturnType<typeof oidcProviders.get>>>;

function sealSecret(deps: AppDeps, secret: string): Buffer {
  try {
    return secretBox.seal(secretBox.keyring(deps.config.secrets), secret);
  } catch (error) {
    throw new AppError(503, 'unavailable', `cannot store the client secret: ${(error as Error).message}`);
  }
}

function toSettings(deps: AppDeps, tenantCode: string, row: ProviderRow) {
  return {
    issuer: row.issuer,
    client_id: row.client_id,
    client_secret_set: row.client_secret_sealed !== null,
    scopes: row.scopes,
    rules: (row.rules as unknown[]).map((r) => OidcRule.parse(r)),
    redirect_uri: redirectUri(deps.config),
    start_url: `${deps.config.api.publicUrl}/auth/oidc/${tenantCode}/start`,
    updated_at: row.updated_at.toISOString(),
  };
}

/** GET/PUT /v1/auth/oidc: the tenant's OpenID Connect provider and claims mapping (admin only). */
export async function oidcSettingsRoutes(app: FastifyInstance, deps: RouteDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/auth/oidc',
    {
      schema: {
        tags: ['sign-in'],
        summary: "The tenant's OpenID Connect sign-in settings (the client secret is never returned)",
        response: { 200: OidcSettings, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, ['admin']);
      const [row, tenant] = await Promise.all([oidcProviders.get(deps.db, caller.tenantId), tenants.findById(deps.db, caller.tenantId)]);
      if (!row) throw notFound('OpenID Connect settings');
      return toSettings(deps, tenant!.code, row);
    },
  );

  typed.put(
    '/v1/auth/oidc',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'Set the OpenID Connect provider and the claims-to-role mapping',
        body: OidcSettingsInput,
        response: { 200: OidcSettings, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, ['admin']);
      const body = request.body;
      if (new URL(body.issuer).protocol === 'http:' && !isLoopbackHttp(body.issuer)) {
        throw new AppError(400, 'invalid_field', 'issuer must be https (http only for a provider on this host)', 'issuer');
      }
      await refuseInternal(deps, caller.tenantId, { issuer: body.issuer });
      const existing = await oidcProviders.get(deps.db, caller.tenantId);
      // The stored secret belongs to the stored client: a new client id without a secret keeps none.
      const keepSecret = existing && existing.client_id === body.client_id && existing.issuer === body.issuer;
      const clientSecretSealed = body.client_secret ? sealSecret(deps, body.client_secret) : keepSecret ? undefined : null;
      const row = await oidcProviders.upsert(deps.db, caller.tenantId, {
        issuer: body.issuer,
        clientId: body.client_id,
        clientSecretSealed,
        scopes: body.scopes,
        rules: body.rules,
      });
      const tenant = await tenants.findById(deps.db, caller.tenantId);
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'oidc_settings.updated',
        target: { kind: 'oidc_provider', id: body.issuer },
        details: { client_id: body.client_id, rules: body.rules.length, secret_changed: Boolean(body.client_secret) },
      });
      request.log.info(
        { tenantId: caller.tenantId, rules: body.rules.length, secret: row.client_secret_sealed !== null },
        'oidc settings changed',
      );
      return toSettings(deps, tenant!.code, row);
    },
  );
}
