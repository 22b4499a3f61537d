import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { hashToken } from './api-tokens.ts';

const PREFIX = 'vgl_';

export interface NewLoginLink {
  role: string;
  establishmentUais: string[];
  displayName: string;
  /** Who the person is, for "sign out everywhere"; null makes each link its own person. */
  subject: string | null;
  minutes: number;
}

/** Creates a one-time sign-in link's token; the clear value is returned once and never stored. */
export async function create(db: Db, tenantId: string, link: NewLoginLink) {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('login_links')
    .values({
      tenant_id: tenantId,
      token_hash: hashToken(token),
      role: link.role,
      establishment_uais: link.establishmentUais,
      subject: link.subject,
      display_name: link.displayName,
      expires_at: sql<Date>`now() + make_interval(mins => ${link.minutes})`,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt: row.expires_at };
}

/**
 * Uses the link if it is unused and unexpired, in one statement: of two requests racing with the
 * same link, exactly one gets the row. Undefined for an unknown, used or expired link.
 */
export async function consume(db: Db, token: string) {
  if (!token.startsWith(PREFIX)) return undefined;
  return db
    .updateTable('login_links')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['tenant_id', 'id', 'role', 'establishment_uais', 'subject', 'display_name'])
    .executeTakeFirst();
}
