import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { commandLine } from '@vigie/config';
import { createDb, databaseInventory, type Db } from '@vigie/store';
import pg from 'pg';
import { withDatabase } from './open-database.ts';
import { runPgTool } from './postgres-tools.ts';

const { defineCommand, positiveInt, requireOption, UsageError } = commandLine;

/** What `backup` writes beside the dump, and what `restore` checks the restored database against. */
interface Manifest {
  format: 'vigie-backup-1';
  created_at: string;
  vigie_version: string;
  migration_level: string | null;
  postgres_version: string;
  row_counts: Record<string, number>;
}

const MANIFEST = 'manifest.json';
const DUMP_DIR = 'database';
const defaultJobs = String(Math.max(1, Math.min(4, cpus().length)));

function vigieVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export const backup = defineCommand({
  name: 'backup',
  summary: 'dump the whole database with pg_dump (directory format, parallel) and a manifest of row counts',
  details: [
    "Writes DIR/database (pg_dump's directory format: the custom format cannot be dumped in parallel) and",
    'DIR/manifest.json (version, migration level, exact row count of every table). Passwords of BI logins',
    'are not in a backup. For point-in-time recovery, use WAL archiving (docs/operations.md).',
  ],
  options: {
    to: { type: 'string', valueName: 'DIR', description: 'a new or empty directory' },
    jobs: { type: 'string', valueName: 'N', default: defaultJobs, description: 'tables dumped in parallel' },
  },
  examples: [
    'npm run vigie -- backup --to /var/backups/vigie/2026-12-07',
    'DATABASE_URL=postgres://vigie@db/vigie npm run vigie -- backup --to ./nightly --jobs 2',
  ],
  async run(values) {
    const dir = path.resolve(requireOption(values, 'to'));
    const jobs = positiveInt('jobs', values.jobs);
    if (existsSync(dir) && readdirSync(dir).length > 0)
      throw new UsageError(`--to ${dir} is not empty: a backup goes into a new directory`);
    mkdirSync(dir, { recursive: true });
    await withDatabase(async (db, config) => {
      // Counted before the dump, in a quiet moment or not: the manifest says what the dump holds at least.
      const manifest: Manifest = {
        format: 'vigie-backup-1',
        created_at: new Date().toISOString(),
        vigie_version: vigieVersion(),
        migration_level: await databaseInventory.migrationLevel(db),
        postgres_version: await databaseInventory.serverVersion(db),
        row_counts: await databaseInventory.tableRowCounts(db),
      };
      const tables = Object.keys(manifest.row_counts).length;
      await runPgTool(
        'pg_dump',
        ['--format=directory', `--jobs=${jobs}`, `--file=${path.join(dir, DUMP_DIR)}`, `--dbname=${config.db.url}`],
        'backup',
        tables,
        /dumping contents of table/,
      );
      writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      console.log(
        `backup of ${tables} tables (${Object.values(manifest.row_counts).reduce((a, b) => a + b, 0)} rows, migration ${manifest.migration_level}) in ${dir}`,
      );
    });
  },
});

function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file) || !existsSync(path.join(dir, DUMP_DIR)))
    throw new UsageError(`--from ${dir} is not a Vigie backup (no ${MANIFEST} or ${DUMP_DIR}/)`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 'vigie-backup-1') throw new UsageError(`--from ${dir}: unknown backup format "${manifest.format}"`);
  return manifest;
}

/** Creates the target database when it does not exist yet (its server's `postgres` database is asked). */
async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Tables whose row count differs from the manifest's, as `table: expected → found`. */
export async function compareRowCounts(db: Db, expected: Record<string, number>): Promise<string[]> {
  const found = await databaseInventory.tableRowCounts(db);
  const names = new Set([...Object.keys(expected), ...Object.keys(found)]);
  return [...names]
    .sort()
    .filter((t) => expected[t] !== found[t])
    .map((t) => `${t}: ${expected[t] ?? 'absent'} → ${found[t] ?? 'absent'}`);
}

export const restore = defineCommand({
  name: 'restore',
  summary: 'restore a backup into an empty database with pg_restore (parallel), then check every row count',
  details: [
    'The target is --into URL, or DATABASE_URL; it is created when missing and must hold no Vigie schema.',
    'After restoring, every table is counted and compared with the manifest: a difference exits 1.',
    'BI logins are recreated with bi-user (their passwords are never in a backup).',
  ],
  options: {
    from: { type: 'string', valueName: 'DIR', description: 'a directory written by backup' },
    into: { type: 'string', valueName: 'URL', description: 'target database URL (default DATABASE_URL)' },
    jobs: { type: 'string', valueName: 'N', default: defaultJobs, description: 'tables restored in parallel' },
  },
  examples: ['npm run vigie -- restore --from /var/backups/vigie/2026-12-07 --into postgres://postgres@127.0.0.1/vigie_restored'],
  async run(values) {
    const dir = path.resolve(requireOption(values, 'from'));
    const jobs = positiveInt('jobs', values.jobs);
    const manifest = readManifest(dir);
    const url = values.into ?? process.env.DATABASE_URL;
    if (!url) throw new UsageError('missing --into (or DATABASE_URL)');
    await ensureDatabase(url);
    const db = createDb({ url, poolMax: 2, applicationName: 'vigie-restore' });
    try {
      if (await databaseInventory.hasVigieSchema(db))
        throw new UsageError('the target database already holds a Vigie schema: restore into a new database');
      await databaseInventory.ensureBiGroupRole(db);
      const tables = Object.keys(manifest.row_counts).length;
      await runPgTool(
        'pg_restore',
        ['--format=directory', `--jobs=${jobs}`, '--no-owner', '--exit-on-error', `--dbname=${url}`, path.join(dir, DUMP_DIR)],
        'restore',
        tables,
        /processing data for table/,
      );
      const differences = await compareRowCounts(db, manifest.row_counts);
      if (differences.length)
        throw new Error(`restored, but ${differences.length} tables differ from the manifest: ${differences.slice(0, 10).join('; ')}`);
      console.log(
        `restored ${tables} tables (migration ${manifest.migration_level}, backup of ${manifest.created_at}); every row count matches the manifest`,
      );
    } finally {
      await db.destroy();
    }
  },
});
