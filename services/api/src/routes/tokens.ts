import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, TokenCreated, TokenInput, TokenRotated, TokenRotateInput, TokenSummary, tokenExpiry, type Role } from '@vigie/contracts';
import { tokenEnds } from '@vigie/queue';
import { apiTokens, establishments, tenants } from '@vigie/store';
import type { Principal } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { withRedis } from '../needs-redis.ts';
import { deleteSchema } from '../openapi/resource-schemas.ts';

const tenantParams = z.object({ tenantId: z.uuid() });
const tokenParams = tenantParams.extend({ id: z.uuid() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
type Summary = Awaited<ReturnType<typeof apiTokens.list>>[number];

const toSummary = (t: Summary): TokenSummary => ({
  id: t.id,
  name: t.name,
  role: t.role as Role,
  establishment_uais: t.establishment_uais,
  created_by: t.created_by,
  created_at: t.created_at.toISOString(),
  last_used_at: t.last_used_at?.toISOString() ?? null,
  expires_at: t.expires_at?.toISOString() ?? null,
  rotated_from: t.rotated_from,
});

/** The caller if it administers the tenant (its admin, or a platform administrator); 404 for another tenant's admin. */
async function tenantAdmin(request: FastifyRequest, deps: AppDeps, tenantId: string): Promise<Principal> {
  const caller = request.principal;
  const allowed = caller?.role === 'admin' && (caller.tenantId === null || caller.tenantId === tenantId);
  if (!allowed) throw caller?.role === 'admin' ? notFound('tenant') : new AppError(403, 'forbidden', 'this route needs an admin token');
  if (!(await tenants.findById(deps.db, tenantId))) throw notFound('tenant');
  return caller;
}

const creator = (caller: Principal) => ({ createdBy: caller.tokenName, createdByTokenId: caller.session ? null : caller.tokenId });

function expiryOf(deps: AppDeps, role: Role, days: number | undefined): Date | null {
  const expiry = tokenExpiry(role, days, deps.config.tokens.maxDays);
  if (!expiry.ok) throw new AppError(400, 'invalid_field', expiry.message, 'expires_in_days');
  return expiry.expiresAt;
}

/**
 * Tells every API process that a token ends at `at`. The change is committed already: with Redis
 * unreachable it still holds, and other processes drop their cached copy within 30 s.
 */
async function announceEnd(deps: AppDeps, request: FastifyRequest, tokenId: string, at: Date) {
  await withRedis(deps.redis, () => tokenEnds.publish(deps.redis, deps.config.redis.prefix, tokenId, at)).catch((err: unknown) =>
    request.log.warn({ err, tokenId }, 'token end not published; other API processes drop it within 30 s'),
  );
}

/** /v1/tenants/{tenantId}/tokens: list, create, revoke and rotate a tenant's API tokens. */
export async function tokenRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/tenants/:tenantId/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "List a tenant's live tokens (never their secret)",
        params: tenantParams,
        response: { 200: z.object({ items: z.array(TokenSummary) }), ...errors },
      },
    },
    async (request) => {
      await tenantAdmin(request, deps, request.params.tenantId);
      return { items: (await apiTokens.list(deps.db, request.params.tenantId)).map(toSummary) };
    },
  );

  typed.post(
    '/v1/tenants/:tenantId/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "Create a token for a tenant (platform administrators, or the tenant's admins)",
        description: 'The token is in the answer once. `expires_in_days` is required for connector tokens and at most TOKEN_MAX_DAYS.',
        params: tenantParams,
        body: TokenInput,
        response: { 201: TokenCreated, ...errors },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params;
      const caller = await tenantAdmin(request, deps, tenantId);
      const expiresAt = expiryOf(deps, request.body.role, request.body.expires_in_days);
      const uais = request.body.establishment_uais ?? [];
      if (request.body.role === 'establishment') {
        if (uais.length === 0)
          throw new AppError(400, 'invalid_field', 'an establishment token lists the UAIs it may see', 'establishment_uais');
        const known = await establishments.idsByUai(deps.db, tenantId, uais);
        const missing = uais.find((u) => !known.has(u));
        if (missing) throw new AppError(400, 'unknown_establishment', `no establishment ${missing} in this tenant`, 'establishment_uais');
      }
      const created = await apiTokens.create(deps.db, {
        tenantId,
        role: request.body.role,
        name: request.body.name,
        establishmentUais: uais,
        expiresAt,
        ...creator(caller),
      });
      await recordEvent(deps.db, request, tenantId, {
        action: 'token.created',
        target: { kind: 'token', id: created.id },
        details: { name: request.body.name, role: request.body.role, expires_at: created.expiresAt?.toISOString() ?? null },
      });
      return reply
        .status(201)
        .send({ id: created.id, role: request.body.role, token: created.token, expires_at: created.expiresAt?.toISOString() ?? null });
    },
  );

  typed.delete(
    '/v1/tenants/:tenantId/tokens/:id',
    {
      schema: deleteSchema(
        'tokens',
        'Revoke a token: every API process refuses it and closes its live streams at once',
        tokenParams,
        errors,
      ),
    },
    async (request, reply) => {
      const { tenantId, id } = request.params;
      await tenantAdmin(request, deps, tenantId);
      if (!(await apiTokens.revoke(deps.db, tenantId, id))) throw notFound('token');
      await recordEvent(deps.db, request, tenantId, { action: 'token.revoked', target: { kind: 'token', id } });
      await announceEnd(deps, request, id, new Date());
      return reply.status(204).send(null);
    },
  );

  typed.post(
    '/v1/tenants/:tenantId/tokens/:id/rotate',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Replace a token by a new one (same name, role and scope); the old one works for overlap_minutes more',
        params: tokenParams,
        body: TokenRotateInput,
        response: { 201: TokenRotated, ...errors },
      },
    },
    async (request, reply) => {
      const { tenantId, id } = request.params;
      const caller = await tenantAdmin(request, deps, tenantId);
      const old = await apiTokens.findLive(deps.db, tenantId, id);
      if (!old) throw notFound('token');
      const expiresAt = expiryOf(deps, old.role as Role, request.body.expires_in_days);
      const rotated = await apiTokens.rotate(deps.db, tenantId, id, {
        overlapMinutes: request.body.overlap_minutes,
        expiresAt,
        ...creator(caller),
      });
      if (!rotated) throw notFound('token');
      await recordEvent(deps.db, request, tenantId, {
        action: 'token.rotated',
        target: { kind: 'token', id: rotated.id },
        details: { previous_id: id, previous_expires_at: rotated.previousExpiresAt.toISOString() },
      });
      await announceEnd(deps, request, id, rotated.previousExpiresAt);
      return reply.status(201).send({
        id: rotated.id,
        role: rotated.role as Role,
        token: rotated.token,
        expires_at: rotated.expiresAt?.toISOString() ?? null,
        previous_id: id,
        previous_expires_at: rotated.previousExpiresAt.toISOString(),
      });
    },
  );
}
