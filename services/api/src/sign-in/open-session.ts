import type { FastifyReply } from 'fastify';
import { peopleSessions } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';
import { emitSessionEvent } from './session-events.ts';
import { setSessionCookie } from './session-cookie.ts';

/** Who signed in, as a link or the OpenID mapping says; never the connector role. */
export interface PersonGrant {
  tenantId: string;
  role: 'admin' | 'operator' | 'establishment' | 'partner';
  establishmentUais: string[];
  subject: string;
  displayName: string;
  method: 'link' | 'oidc';
}

/** Opens a session for the person, sets its cookie on the reply and emits (and journals) the event. */
export async function openSession(deps: AppDeps, reply: FastifyReply, grant: PersonGrant) {
  const session = await peopleSessions.create(deps.db, grant.tenantId, { ...grant, maxHours: deps.config.sessions.maxHours });
  setSessionCookie(reply, deps.config, session.secret, session.expiresAt);
  await emitSessionEvent(deps, reply.request, {
    action: 'session.opened',
    tenantId: grant.tenantId,
    sessionId: session.id,
    displayName: grant.displayName,
    role: grant.role,
    method: grant.method,
    uais: grant.establishmentUais.length,
  });
  return session;
}

/** A `next` the sign-in may send the browser to: a path of this site only (no //host, no scheme). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 2_000)
    return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  return next;
}

/**
 * Sign-in routes need no token, so they are limited per client address: enough for a school's
 * staff behind one NAT signing in at 8 a.m., far too few to fill oidc_logins or probe links.
 */
export const SIGN_IN_RATE_LIMIT = { max: 120, timeWindow: 60_000 } as const;
