import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

const PREFIX = 'vgi_';

/** SHA-256 of a token: what is stored and looked up. Tokens are random, so no salt is needed. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface NewToken {
  tenantId: string | null;
  role: string;
  name: string;
  establishmentUais?: string[];
}

/** Creates a token; the clear value is returned once and never stored. */
export async function create(db: Db, token: NewToken): Promise<{ id: string; token: string }> {
  const clear = PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('api_tokens')
    .values({
      tenant_id: token.tenantId,
      role: token.role,
      name: token.name,
      token_hash: hashToken(clear),
      establishment_uais: token.establishmentUais ?? [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token: clear };
}

/** The live token whose hash matches, or undefined. */
export async function findByToken(db: Db, token: string) {
  if (!token.startsWith(PREFIX)) return undefined;
  return db
    .selectFrom('api_tokens')
    .select(['id', 'tenant_id', 'role', 'name', 'establishment_uais'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revoke(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
