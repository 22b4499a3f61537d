import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from './migrate.ts';
import { checkMigrations } from './migration-rules.ts';

const base = { name: '0001_t.sql', sql: 'CREATE TABLE t (id int);' };

describe('migration rules', () => {
  it('flags a NOT NULL column without default, a rewrite, a blocking index and a dropped column on an existing table', () => {
    const v = checkMigrations([
      base,
      { name: '0002_a.sql', sql: 'ALTER TABLE t ADD COLUMN a int NOT NULL;' },
      { name: '0003_b.sql', sql: 'ALTER TABLE t ADD COLUMN b timestamptz NOT NULL DEFAULT clock_timestamp();' },
      { name: '0004_c.sql', sql: 'ALTER TABLE t ALTER COLUMN id TYPE bigint;' },
      { name: '0005_d.sql', sql: 'CREATE INDEX t_id ON t (id);' },
      { name: '0006_e.sql', sql: 'ALTER TABLE t DROP COLUMN a;' },
    ]);
    expect(v.map((x) => [x.file, x.rule])).toEqual([
      ['0002_a.sql', 'not_null_without_default'],
      ['0003_b.sql', 'table_rewrite'],
      ['0004_c.sql', 'table_rewrite'],
      ['0005_d.sql', 'index_locks_writes'],
      ['0006_e.sql', 'drop_column_in_use'],
    ]);
  });

  it('accepts what is safe: constant defaults, nullable columns, tables of the same file, explained statements', () => {
    expect(
      checkMigrations([
        base,
        {
          name: '0002_a.sql',
          sql: 'ALTER TABLE t ADD COLUMN a int NOT NULL DEFAULT 0, ADD COLUMN b text, ADD COLUMN c timestamptz NOT NULL DEFAULT now();',
        },
        {
          name: '0003_b.sql',
          sql: 'CREATE TABLE u (id int NOT NULL); CREATE INDEX u_id ON u (id); ALTER TABLE u ALTER COLUMN id TYPE bigint;',
        },
        { name: '0004_c.sql', sql: '-- safe: t holds a few rows per tenant\nCREATE INDEX t_id ON t (id);' },
        { name: '0005_d.sql', sql: 'DO $$ BEGIN ALTER TABLE t ADD COLUMN z int NOT NULL; END $$;' },
      ]),
    ).toEqual([]);
  });

  // Applied migrations are frozen: these were written before the rules and are safe for the reason given.
  const FROZEN: Record<string, string> = {
    '0021_pending_deliveries.sql': 'notification_deliveries was a few weeks old and small when the index came',
    '0022_rollup_dirty_first_mark.sql': 'rollup_dirty holds only the days waiting for a rollup: a rewrite of a few rows',
    '0025_hot_updates.sql': 'establishment_days has one row per establishment, day and dimension: indexed in well under a second',
  };

  it('holds for every migration in migrations/ (frozen files listed with why they are safe)', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .map((name) => ({ name, sql: readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }));
    const all = checkMigrations(files);
    expect(all.filter((v) => !FROZEN[v.file])).toEqual([]);
    // The list names only files the rules really flag, so it cannot hide a new one.
    expect([...new Set(all.map((v) => v.file))].sort()).toEqual(Object.keys(FROZEN).sort());
  });
});
