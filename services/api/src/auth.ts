import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@vigie/contracts';
import { apiTokens, establishments, type Db } from '@vigie/store';
import { AppError } from './errors.ts';
import { csrfMatches, SESSION_COOKIE } from './sign-in/session-cookie.ts';

/** Who is calling: the token's tenant (null for platform administrators) and role. */
export interface Principal {
  tokenId: string;
  /** The token's name, recorded as who acted on an alert. */
  tokenName: string;
  tenantId: string | null;
  role: Role;
  /** For establishment-scoped tokens: the establishments it may see; null = the whole tenant. */
  establishmentIds: string[] | null;
  /** When a token stops working (null: never); absent for people's sessions. */
  expiresAt?: Date | null;
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

/** What a token or a session row says of who holds it. */
interface Holder {
  id: string;
  name: string;
  tenantId: string | null;
  role: string;
  establishmentUais: string[];
}

/** The Principal a token or a session gives: an establishment role sees the establishments of its UAIs only. */
export async function principalOf(db: Db, holder: Holder): Promise<Principal> {
  const establishmentIds =
    holder.role === 'establishment' && holder.tenantId
      ? [...(await establishments.idsByUai(db, holder.tenantId, holder.establishmentUais)).values()]
      : null;
  return { tokenId: holder.id, tokenName: holder.name, tenantId: holder.tenantId, role: holder.role as Role, establishmentIds };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

// Token look-ups are cached briefly: a hash lookup per request would double the ingest path's
// queries. A revocation reaches every API process at once through Redis (`forget`); CACHE_MS only
// bounds how long a process that missed it (Redis down) keeps a revoked token.
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;
// last_used_at is written at most this often per token and process: once a request would be one
// more write per request on the ingest path.
const TOUCH_EVERY_MS = 60_000;

interface CacheEntry {
  principal: Principal | null;
  until: number;
}

/**
 * Resolves a bearer token into its Principal (null when unknown, revoked or expired), cached up to
 * CACHE_MS and never past the token's expiry; `forget(tokenId)` drops it when it ends.
 */
export function createTokenResolver(db: Db, log?: FastifyBaseLogger) {
  const cache = new Map<string, CacheEntry>();
  const tokenOf = new Map<string, string>();
  const touchedAt = new Map<string, number>();
  // Ends received while a look-up was in flight: its answer predates the end and is not cached.
  const endedAt = new Map<string, number>();

  async function lookup(token: string): Promise<Principal | null> {
    const row = await apiTokens.findByToken(db, token);
    if (!row) return null;
    const holder = { id: row.id, name: row.name, tenantId: row.tenant_id, role: row.role, establishmentUais: row.establishment_uais };
    return { ...(await principalOf(db, holder)), expiresAt: row.expires_at };
  }

  function remember(token: string, entry: CacheEntry) {
    if (cache.size >= CACHE_MAX) {
      const oldest = cache.keys().next().value!;
      const id = cache.get(oldest)?.principal?.tokenId;
      cache.delete(oldest);
      if (id) tokenOf.delete(id);
    }
    cache.set(token, entry);
    if (entry.principal) tokenOf.set(entry.principal.tokenId, token);
  }

  function touch(tokenId: string, now: number) {
    if (now - (touchedAt.get(tokenId) ?? 0) < TOUCH_EVERY_MS) return;
    if (touchedAt.size >= CACHE_MAX) touchedAt.clear();
    touchedAt.set(tokenId, now);
    apiTokens.touch(db, tokenId).catch((err: unknown) => log?.warn({ err, tokenId }, 'last use of a token not recorded'));
  }

  async function resolveToken(token: string): Promise<Principal | null> {
    const now = Date.now();
    let entry = cache.get(token);
    if (!entry || entry.until < now) {
      const principal = await lookup(token);
      const expires = principal?.expiresAt?.getTime() ?? Infinity;
      entry = { principal, until: Math.min(now + CACHE_MS, expires) };
      if (!principal || (endedAt.get(principal.tokenId) ?? 0) < now) remember(token, entry);
    }
    if (entry.principal) touch(entry.principal.tokenId, now);
    return entry.principal;
  }

  /** Drops a token that ended from this process's cache: its next request is looked up again. */
  function forget(tokenId: string) {
    if (endedAt.size >= CACHE_MAX) endedAt.clear();
    endedAt.set(tokenId, Date.now());
    const token = tokenOf.get(tokenId);
    tokenOf.delete(tokenId);
    if (token) cache.delete(token);
  }

  return Object.assign(resolveToken, { forget });
}

export type TokenResolver = ReturnType<typeof createTokenResolver>;
/** A session cookie's Principal (sign-in/session-resolver.ts makes one); declared here so that file imports auth.ts, not the reverse. */
export type SessionResolver = (secret: string) => Promise<Principal | null>;

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
