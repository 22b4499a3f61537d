import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';
import * as secretBox from './secret-box.ts';

// Every column sealed with SECRETS_KEY, the one list a key rotation walks; a new sealed column
// belongs here, or secrets-rotate would leave it under a key about to be forgotten.
const SEALED_COLUMNS = [
  { table: 'sources', column: 'credentials', key: ['tenant_id', 'id'] },
  { table: 'notification_endpoints', column: 'secret', key: ['tenant_id', 'id'] },
  { table: 'oidc_providers', column: 'client_secret_sealed', key: ['tenant_id'] },
] as const;

export interface ResealCount {
  table: string;
  /** Sealed values read. */
  values: number;
  /** Values sealed again with the current key. */
  resealed: number;
  /** Values neither key opens: left as they are, and the previous key must not be dropped yet. */
  unreadable: number;
}

/**
 * Seals again with keys.current every value still under the previous key or in the format without
 * key id, in one transaction (rows locked, so an API write in between is not overwritten). Values
 * already current are not touched, so a second run changes nothing. Counts are reported per table.
 */
export async function resealAll(
  db: Db,
  keys: secretBox.Keyring,
  onTable: (count: ResealCount) => void = () => undefined,
): Promise<ResealCount[]> {
  return db.transaction().execute(async (trx) => {
    const counts: ResealCount[] = [];
    for (const target of SEALED_COLUMNS) {
      const count = await resealColumn(trx, keys, target);
      onTable(count);
      counts.push(count);
    }
    return counts;
  });
}

async function resealColumn(trx: Trx, keys: secretBox.Keyring, target: (typeof SEALED_COLUMNS)[number]): Promise<ResealCount> {
  const keyColumns = sql.join(target.key.map((c) => sql.id(c)));
  const rows = await sql<{ sealed: Buffer; row_key: unknown[] }>`
    SELECT ${sql.id(target.column)} AS sealed, ARRAY[${keyColumns}]::text[] AS row_key FROM ${sql.id(target.table)}
     WHERE ${sql.id(target.column)} IS NOT NULL FOR UPDATE`.execute(trx);
  const count: ResealCount = { table: target.table, values: rows.rows.length, resealed: 0, unreadable: 0 };
  for (const row of rows.rows) {
    if (secretBox.isCurrent(keys, row.sealed)) continue;
    let clear: string;
    try {
      clear = secretBox.open(keys, row.sealed);
    } catch {
      count.unreadable++;
      continue;
    }
    // A few rows per tenant: matching the key as a text array keeps one statement for every table.
    await sql`UPDATE ${sql.id(target.table)} SET ${sql.id(target.column)} = ${secretBox.seal(keys, clear)}
               WHERE ARRAY[${keyColumns}]::text[] = ${row.row_key}::text[]`.execute(trx);
    count.resealed++;
  }
  return count;
}
