import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../setup/use-test-env.ts';

// The store's Database type is written by hand: this keeps it equal to what the migrations make.
const storeSrc = new URL('../../packages/store/src/', import.meta.url);
const sources = readdirSync(storeSrc)
  .filter((f) => f === 'tables.ts' || f.endsWith('-tables.ts'))
  .map((f) => readFileSync(new URL(f, storeSrc), 'utf8'))
  .join('\n');

/** table name -> its declared columns, from `name: XTable;` entries and the `interface XTable` bodies. */
function declaredTables() {
  const bodies = new Map([...sources.matchAll(/export interface (\w+Table) \{\n([\s\S]*?)\n\}/g)].map((m) => [m[1]!, m[2]!]));
  // A table with another's columns is declared as an alias (`export type XTable = YTable;`).
  for (const [, alias, target] of sources.matchAll(/export type (\w+Table) = (\w+Table);/g)) bodies.set(alias!, bodies.get(target!) ?? '');
  const tables = new Map<string, string[]>();
  for (const [, table, iface] of sources.matchAll(/^ {2}([a-z_]+): (\w+Table);$/gm)) {
    const body = bodies.get(iface!) ?? '';
    tables.set(table!, [...body.matchAll(/^ {2}([a-z_0-9]+): /gm)].map((c) => c[1]!).sort());
  }
  return tables;
}

const env = useTestEnv();

describe('the typed store', () => {
  it('declares every table of the migrated schema in Database, with exactly its columns', async () => {
    const { rows } = await sql<{ table_name: string; columns: string[] }>`
      SELECT c.relname AS table_name, array_agg(a.attname::text ORDER BY a.attname) AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      GROUP BY c.relname`.execute(env.db);
    const migrated = Object.fromEntries(rows.map((r) => [r.table_name, [...r.columns].sort()]));
    expect(Object.fromEntries(declaredTables())).toEqual(migrated);
  });
});
