import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@vigie/contracts';
import { apiTokens, establishments, type Db } from '@vigie/store';
import { AppError } from './errors.ts';
import { csrfMatches, SESSION_COOKIE } from './sign-in/session-cookie.ts';
import type { SessionResolver } from './sign-in/session-resolver.ts';

/** Who is calling: the token's tenant (null for platform administrators) and role. */
export interface Principal {
  tokenId: string;
  /** The token's name, recorded as who acted on an alert. */
  tokenName: string;
  tenantId: string | null;
  role: Role;
  /** For establishment-scoped tokens: the establishments it may see; null = the whole tenant. */
  establishmentIds: string[] | null;
  /** Set when a person calls with a session cookie rather than a program with a token. */
  session?: PersonSession;
}

/** A signed-in person's session, as GET /v1/session shows it. */
export interface PersonSession {
  id: string;
  subject: string;
  displayName: string;
  uais: string[];
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export interface TenantPrincipal extends Principal {
  tenantId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

// Token look-ups are cached briefly: a hash lookup per request would double the ingest path's
// queries. A revoked token therefore stops working within CACHE_MS.
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/** Resolves a bearer token into its Principal (null when unknown or revoked), cached CACHE_MS. */
export function createTokenResolver(db: Db) {
  const cache = new Map<string, { principal: Principal | null; until: number }>();

  async function lookup(token: string): Promise<Principal | null> {
    const row = await apiTokens.findByToken(db, token);
    if (!row) return null;
    let establishmentIds: string[] | null = null;
    if (row.role === 'establishment' && row.tenant_id) {
      establishmentIds = [...(await establishments.idsByUai(db, row.tenant_id, row.establishment_uais)).values()];
    }
    return { tokenId: row.id, tokenName: row.name, tenantId: row.tenant_id, role: row.role as Role, establishmentIds };
  }

  return async function resolveToken(token: string): Promise<Principal | null> {
    const now = Date.now();
    let entry = cache.get(token);
    if (!entry || entry.until < now) {
      entry = { principal: await lookup(token), until: now + CACHE_MS };
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(token, entry);
    }
    return entry.principal;
  };
}

export type TokenResolver = ReturnType<typeof createTokenResolver>;

/** The token of an `Authorization: Bearer` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
}

// Methods that change nothing; every other one done with a session must carry its CSRF token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createAuthenticator(resolveToken: TokenResolver, resolveSession: SessionResolver) {
  /**
   * onRequest hook: a bearer token (programs) or else the session cookie (people) becomes
   * request.principal, or the request is answered 401. A write done with a session needs the
   * session's x-csrf-token header (403 without it); bearer requests are not concerned.
   */
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const token = bearerToken(request.headers.authorization);
    if (token) {
      const principal = await resolveToken(token);
      if (!principal) throw new AppError(401, 'unauthorized', 'unknown or revoked token');
      identify(request, reply, principal);
      return;
    }
    const secret = request.cookies[SESSION_COOKIE];
    if (!secret) throw new AppError(401, 'unauthorized', 'missing bearer token (Authorization: Bearer vgi_...) or session');
    const principal = await resolveSession(secret);
    if (!principal) throw new AppError(401, 'unauthorized', 'session expired or signed out; sign in again');
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(secret, request.headers['x-csrf-token'])) {
      throw new AppError(403, 'forbidden', 'missing or wrong x-csrf-token header (GET /v1/session gives it)', 'x-csrf-token');
    }
    identify(request, reply, principal);
  };
}

/** The caller becomes request.principal, and its tenant is on every log line of the request from here on. */
function identify(request: FastifyRequest, reply: FastifyReply, principal: Principal) {
  request.principal = principal;
  if (principal.tenantId) request.log = reply.log = request.log.child({ tenantId: principal.tenantId });
}

/** The caller, if its role is one of `roles` and it belongs to a tenant; else 403. */
export function tenantCaller(request: FastifyRequest, roles: readonly Role[]): TenantPrincipal {
  const principal = request.principal;
  if (!principal) throw new AppError(401, 'unauthorized', 'missing bearer token');
  if (!roles.includes(principal.role)) throw new AppError(403, 'forbidden', `this route needs one of the roles: ${roles.join(', ')}`);
  if (!principal.tenantId) throw new AppError(403, 'forbidden', 'this route needs a token bound to a tenant');
  return principal as TenantPrincipal;
}

/** The caller if it is a platform administrator (admin token without tenant); else 403. */
export function platformAdmin(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal || principal.role !== 'admin' || principal.tenantId !== null) {
    throw new AppError(403, 'forbidden', 'this route needs a platform administrator token');
  }
  return principal;
}

export const READERS = ['admin', 'operator', 'establishment'] as const;
export const AGGREGATE_READERS = ['admin', 'operator', 'establishment', 'partner'] as const;
export const MANAGERS = ['admin', 'operator'] as const;
export const INGESTERS = ['admin', 'operator', 'connector'] as const;
