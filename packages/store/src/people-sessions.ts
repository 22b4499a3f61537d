import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { hashToken } from './api-tokens.ts';

const PREFIX = 'vgs_';

export interface NewSession {
  role: string;
  establishmentUais: string[];
  subject: string;
  displayName: string;
  method: 'link' | 'oidc';
  maxHours: number;
}

/** Opens a session; the clear secret (the cookie's value) is returned once and never stored. */
export async function create(db: Db, tenantId: string, session: NewSession) {
  const secret = PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('people_sessions')
    .values({
      tenant_id: tenantId,
      secret_hash: hashToken(secret),
      role: session.role,
      establishment_uais: session.establishmentUais,
      subject: session.subject,
      display_name: session.displayName,
      method: session.method,
      expires_at: sql<Date>`now() + make_interval(hours => ${session.maxHours})`,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, secret, expiresAt: row.expires_at };
}

/**
 * The live session whose secret matches: not revoked, before its absolute expiry, and used within
 * the last `idleMinutes`. Looked up by hash across tenants, as tokens are.
 */
export async function findLive(db: Db, secret: string, idleMinutes: number) {
  if (!secret.startsWith(PREFIX)) return undefined;
  return db
    .selectFrom('people_sessions')
    .select(['tenant_id', 'id', 'role', 'establishment_uais', 'subject', 'display_name', 'method', 'last_seen_at', 'expires_at'])
    .where('secret_hash', '=', hashToken(secret))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .executeTakeFirst();
}

/** Records a request on the session, which pushes its idle expiry back. */
export async function touch(db: Db, tenantId: string, id: string) {
  await db
    .updateTable('people_sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Revokes one session; false when it was already revoked or does not exist. */
export async function revoke(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('people_sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every open session of one person (sign out everywhere); returns how many. */
export async function revokeSubject(db: Db, tenantId: string, subject: string): Promise<number> {
  const result = await db
    .updateTable('people_sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
