import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrationFiles } from './migrate.ts';
import { splitStatements } from './sql-statements.ts';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = `-- a comment; with a semicolon
CREATE TABLE t (a text DEFAULT 'x;y', "b;c" int);
/* block /* nested; */ still ; comment */ INSERT INTO t VALUES (E'it\\'s;', 1);
DO $$ BEGIN PERFORM 1; END $$;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
SELECT 'it''s; fine'
-- trailing comment;`;
    expect(splitStatements(sql)).toEqual([
      `-- a comment; with a semicolon\nCREATE TABLE t (a text DEFAULT 'x;y', "b;c" int)`,
      `/* block /* nested; */ still ; comment */ INSERT INTO t VALUES (E'it\\'s;', 1)`,
      'DO $$ BEGIN PERFORM 1; END $$',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$',
      "SELECT 'it''s; fine'\n-- trailing comment;",
    ]);
  });

  it('keeps every statement of the shipped migrations whole', async () => {
    for (const file of await migrationFiles()) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      const statements = splitStatements(sql);
      expect(statements.length, file).toBeGreaterThan(0);
      // Rejoined, the statements are the file minus separators and comment-only tails.
      for (const statement of statements) expect(sql.includes(statement), file).toBe(true);
      const dollarQuotes = (text: string) => (text.match(/\$[A-Za-z_]*\$/g) ?? []).length;
      for (const statement of statements) expect(dollarQuotes(statement) % 2, `${file}: ${statement.slice(0, 60)}`).toBe(0);
    }
  });
});
