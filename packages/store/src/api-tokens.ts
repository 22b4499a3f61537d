import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
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
  expiresAt?: Date | null;
  /** A label of who created it: the creating token's name, a person's subject, or 'cli'. */
  createdBy?: string | null;
  createdByTokenId?: string | null;
}

const newSecret = () => PREFIX + randomBytes(32).toString('base64url');

/** Creates a token; the clear value is returned once and never stored. */
export async function create(db: Db, token: NewToken): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const clear = newSecret();
  const row = await db
    .insertInto('api_tokens')
    .values({
      tenant_id: token.tenantId,
      role: token.role,
      name: token.name,
      token_hash: hashToken(clear),
      establishment_uais: token.establishmentUais ?? [],
      expires_at: token.expiresAt ?? null,
      created_by: token.createdBy ?? null,
      created_by_token_id: token.createdByTokenId ?? null,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token: clear, expiresAt: row.expires_at };
}

/** The live token (neither revoked nor expired) whose hash matches, or undefined. */
export async function findByToken(db: Db, token: string) {
  if (!token.startsWith(PREFIX)) return undefined;
  return db
    .selectFrom('api_tokens')
    .select(['id', 'tenant_id', 'role', 'name', 'establishment_uais', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
}

const LISTED = [
  'id',
  'name',
  'role',
  'establishment_uais',
  'created_by',
  'created_at',
  'last_used_at',
  'expires_at',
  'rotated_from',
] as const;

/** The tenant's live tokens, newest first; never the hash. */
export async function list(db: Db, tenantId: string) {
  return db
    .selectFrom('api_tokens')
    .select(LISTED)
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** One live token of the tenant, or undefined. */
export async function findLive(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('api_tokens')
    .select([...LISTED, 'tenant_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
}

/** Of these token ids, those no longer live (revoked, expired or deleted). */
export async function endedAmong(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const live = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .execute();
  const liveIds = new Set(live.map((r) => r.id));
  return ids.filter((id) => !liveIds.has(id));
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

export interface Rotation {
  overlapMinutes: number;
  expiresAt: Date | null;
  createdBy: string | null;
  createdByTokenId: string | null;
}

/**
 * Replaces a live token by a new one with the same name, role and scope: the old one ends after
 * `overlapMinutes` (or sooner, if it was to end sooner). Undefined when the token is not live.
 */
export async function rotate(db: Db, tenantId: string, id: string, rotation: Rotation) {
  return db.transaction().execute(async (trx) => {
    // FOR UPDATE: two rotations of one token at once would otherwise both succeed, leaving two heirs.
    const old = await trx
      .selectFrom('api_tokens')
      .select(['id', 'role', 'name', 'establishment_uais'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .forUpdate()
      .executeTakeFirst();
    if (!old) return undefined;
    const ended = await trx
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`least(expires_at, now() + make_interval(mins => ${rotation.overlapMinutes}))` })
      .where('id', '=', id)
      .returning('expires_at')
      .executeTakeFirstOrThrow();
    const clear = newSecret();
    const row = await trx
      .insertInto('api_tokens')
      .values({
        tenant_id: tenantId,
        role: old.role,
        name: old.name,
        token_hash: hashToken(clear),
        establishment_uais: old.establishment_uais,
        expires_at: rotation.expiresAt,
        created_by: rotation.createdBy,
        created_by_token_id: rotation.createdByTokenId,
        rotated_from: old.id,
      })
      .returning(['id', 'role', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, role: row.role, token: clear, expiresAt: row.expires_at, previousExpiresAt: ended.expires_at! };
  });
}

/**
 * Records that a token was used. Callers throttle it (once a minute per token per process); the
 * condition keeps several API processes from writing the row more than about once a minute.
 */
export async function touch(db: Db, id: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
