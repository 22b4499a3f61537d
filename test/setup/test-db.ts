import { randomBytes } from 'node:crypto';
import pg from 'pg';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of the maintenance database used to create and drop test databases. */
export function adminUrl(): string {
  const url = new URL(BASE_URL);
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseUrl(name: string): string {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Clones the migrated template into a fresh database; returns its URL and a drop function. */
export async function cloneTemplate(template: string) {
  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Two files cloning at the same instant can meet "source database is being accessed": retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    drop: () => dropTestDatabase(name),
  };
}

/** Drops a test database (refusing any name not starting with vigie_test_) once its sessions are gone. */
export async function dropTestDatabase(name: string) {
  if (!name.startsWith('vigie_test_')) throw new Error(`refusing to drop ${name}: not a test database`);
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  // pg's pool.end() resolves before its sockets close: a forced drop racing them makes those
  // clients emit "terminating connection" errors. Wait for the sessions to go, then force.
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name}${attempt > 20 ? ' WITH (FORCE)' : ''}`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await client.end();
}
