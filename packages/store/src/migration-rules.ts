// Rules that keep a migration safe to apply while the previous version of Vigie still serves
// (docs/operations.md, "Upgrades"). Checked by a test over migrations/; a statement a rule flags
// passes when its file says why it is safe in a comment starting with `-- safe:`.
import { splitStatements } from './sql-statements.ts';

export interface MigrationFile {
  name: string;
  sql: string;
}

export interface Violation {
  file: string;
  rule: 'not_null_without_default' | 'table_rewrite' | 'index_locks_writes' | 'drop_column_in_use';
  statement: string;
}

/** Functions whose default is computed per row: adding such a column rewrites the table (PostgreSQL 11+ keeps others in the catalogue). */
const VOLATILE_DEFAULT = /\bDEFAULT\s+(clock_timestamp|random|gen_random_uuid|uuid_generate_v4|timeofday|nextval)\s*\(/i;

function statements(sql: string): string[] {
  return splitStatements(sql)
    .map((s) =>
      s
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

const createdTables = (stmt: string) => [...stmt.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_.]+)/gi)].map((m) => m[1]!.toLowerCase());

/** Flags, per file, what would lock or break a table an earlier migration created while the old version writes to it. */
export function checkMigrations(files: MigrationFile[]): Violation[] {
  const existing = new Set<string>();
  const violations: Violation[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const explained = /^\s*-- safe:/im.test(file.sql);
    const createdHere = new Set<string>();
    const flag = (rule: Violation['rule'], statement: string) => {
      if (!explained) violations.push({ file: file.name, rule, statement: statement.slice(0, 160) });
    };
    for (const stmt of statements(file.sql)) {
      createdTables(stmt).forEach((t) => createdHere.add(t));
      const altered = /^ALTER TABLE (?:ONLY )?(?:IF EXISTS )?([a-z_.]+)/i.exec(stmt)?.[1]?.toLowerCase();
      const indexed = /^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY)(?:IF NOT EXISTS )?\S+ ON (?:ONLY )?([a-z_.]+)/i
        .exec(stmt)?.[1]
        ?.toLowerCase();
      if (indexed && existing.has(indexed)) flag('index_locks_writes', stmt);
      if (!altered || !existing.has(altered)) continue;
      for (const clause of stmt.split(/,\s*(?=ADD|ALTER|DROP|SET|RENAME)/i)) {
        if (/ADD COLUMN/i.test(clause) && /NOT NULL/i.test(clause) && !/DEFAULT/i.test(clause)) flag('not_null_without_default', stmt);
        if (/ADD COLUMN/i.test(clause) && VOLATILE_DEFAULT.test(clause)) flag('table_rewrite', stmt);
        if (/ALTER COLUMN \S+ (?:SET DATA )?TYPE/i.test(clause) || /SET (?:UN)?LOGGED/i.test(clause)) flag('table_rewrite', stmt);
        if (/DROP COLUMN/i.test(clause)) flag('drop_column_in_use', stmt);
      }
    }
    createdHere.forEach((t) => existing.add(t));
  }
  return violations;
}
