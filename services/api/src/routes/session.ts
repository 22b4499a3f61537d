import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, LogoutResult, SessionInfo, type PersonRole } from '@vigie/contracts';
import { peopleSessions, tenants } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { clearSessionCookie } from '../sign-in/session-cookie.ts';
import { emitSessionEvent } from '../sign-in/session-events.ts';

const errors = { 401: ApiError, 403: ApiError, 404: ApiError };

/** The caller's session; a bearer token has none. */
function sessionOf(request: FastifyRequest) {
  const principal = request.principal;
  if (!principal?.session || !principal.tenantId)
    throw new AppError(404, 'not_found', 'no session: this request was made with a bearer token');
  return { ...principal.session, tenantId: principal.tenantId, role: principal.role };
}

/** GET /v1/session, POST /v1/session/logout and /logout-all: a signed-in person's session. */
export async function sessionRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/session',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'The signed-in person: tenant, role, UAIs, CSRF token, expiry',
        response: { 200: SessionInfo, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const tenant = (await tenants.findById(deps.db, session.tenantId))!;
      return {
        tenant: { id: tenant.id, code: tenant.code, name: tenant.name },
        role: session.role as PersonRole,
        uais: session.uais,
        displayName: session.displayName,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
        idleExpiresAt: session.idleExpiresAt.toISOString(),
      };
    },
  );

  typed.post(
    '/v1/session/logout',
    {
      schema: { tags: ['sign-in'], summary: 'Sign out (this session); needs x-csrf-token', response: { 200: LogoutResult, ...errors } },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const revoked = await peopleSessions.revoke(deps.db, session.tenantId, session.id);
      clearSessionCookie(reply, deps.config);
      await emitSessionEvent(deps, request, {
        action: 'session.closed',
        tenantId: session.tenantId,
        sessionId: session.id,
        displayName: session.displayName,
      });
      return { revoked: revoked ? 1 : 0 };
    },
  );

  typed.post(
    '/v1/session/logout-all',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'Sign out everywhere: every session of this person; needs x-csrf-token',
        response: { 200: LogoutResult, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const revoked = await peopleSessions.revokeSubject(deps.db, session.tenantId, session.subject);
      clearSessionCookie(reply, deps.config);
      await emitSessionEvent(deps, request, {
        action: 'session.closed_everywhere',
        tenantId: session.tenantId,
        sessionId: session.id,
        displayName: session.displayName,
        revoked,
      });
      return { revoked };
    },
  );
}
