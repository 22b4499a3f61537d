import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { apiTokens, type Db } from '@vigie/store';

/** The value of the vigie_session cookie a response sets, and its attributes as sent. */
export function sessionCookieOf(res: LightMyRequestResponse) {
  const header = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('vigie_session='));
  if (!header) return undefined;
  return { value: header.slice('vigie_session='.length).split(';')[0]!, header };
}

/** Follows a sign-in link in-process; returns the redirect and the session cookie it set. */
export async function useLink(app: FastifyInstance, url: string) {
  const { pathname, search } = new URL(url);
  const res = await app.inject({ url: pathname + search, headers: { accept: 'text/html' } });
  return { res, cookie: sessionCookieOf(res)?.value };
}

/** A browser-like caller holding a session cookie (and, for writes, its CSRF token). */
export function asPerson(app: FastifyInstance, cookie: string) {
  return {
    get: (url: string) => app.inject({ url, cookies: { vigie_session: cookie } }),
    async write(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, csrf?: string) {
      return app.inject({
        method,
        url,
        cookies: { vigie_session: cookie },
        ...(payload ? { payload } : {}),
        headers: csrf ? { 'x-csrf-token': csrf } : {},
      });
    },
  };
}

/** Moves a session's clock back (idle or absolute expiry) without waiting for it. */
export async function ageSession(db: Db, cookie: string, change: { idleMinutes?: number; expired?: boolean }) {
  const hash = apiTokens.hashToken(cookie);
  if (change.idleMinutes !== undefined) {
    await sql`UPDATE people_sessions SET last_seen_at = now() - make_interval(mins => ${change.idleMinutes}) WHERE secret_hash = ${hash}`.execute(
      db,
    );
  }
  if (change.expired)
    await sql`UPDATE people_sessions SET expires_at = now() - interval '1 second' WHERE secret_hash = ${hash}`.execute(db);
}

export async function lastSeenOf(db: Db, cookie: string): Promise<Date> {
  const { rows } = await sql<{
    last_seen_at: Date;
  }>`SELECT last_seen_at FROM people_sessions WHERE secret_hash = ${apiTokens.hashToken(cookie)}`.execute(db);
  return rows[0]!.last_seen_at;
}
