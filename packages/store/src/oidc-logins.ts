import { sql } from 'kysely';
import type { Db } from './db.ts';
import { hashToken } from './api-tokens.ts';

export interface PendingLogin {
  nonce: string;
  codeVerifier: string;
  nextPath: string;
  minutes: number;
}

/** Keeps a started sign-in's nonce and PKCE verifier under its state's hash; drops expired ones. */
export async function create(db: Db, tenantId: string, state: string, login: PendingLogin) {
  await db
    .deleteFrom('oidc_logins')
    .where('expires_at', '<', sql<Date>`now()`)
    .execute();
  await db
    .insertInto('oidc_logins')
    .values({
      state_hash: hashToken(state),
      tenant_id: tenantId,
      nonce: login.nonce,
      code_verifier: login.codeVerifier,
      next_path: login.nextPath,
      expires_at: sql<Date>`now() + make_interval(mins => ${login.minutes})`,
    })
    .execute();
}

/** Takes the pending sign-in of this state, once: a replayed callback finds nothing. */
export async function consume(db: Db, state: string) {
  return db
    .deleteFrom('oidc_logins')
    .where('state_hash', '=', hashToken(state))
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['tenant_id', 'nonce', 'code_verifier', 'next_path'])
    .executeTakeFirst();
}
