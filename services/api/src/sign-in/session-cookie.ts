import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Config } from '@vigie/config';

export const SESSION_COOKIE = 'vigie_session';

/** Sets the session cookie: httpOnly, SameSite=Lax, Path=/, Secure unless served on loopback http. */
export function setSessionCookie(reply: FastifyReply, config: Readonly<Config>, secret: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    secure: config.sessions.secureCookie,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Readonly<Config>) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: config.sessions.secureCookie, sameSite: 'lax', path: '/' });
}

/**
 * The session's CSRF token, derived from its secret: a page of another site can make the browser
 * send the cookie but can neither read it nor this token, which writes must echo in x-csrf-token.
 */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`vigie-csrf:${secret}`).digest('base64url');
}

export function csrfMatches(secret: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
