import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, prepareDatabase } from '@vigie/store';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of the maintenance database used to create and drop test databases. */
export function adminUrl(base = BASE_URL): string {
  const url = new URL(base);
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseUrl(name: string, base = BASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The servers a test database lives on: the one of DATABASE_URL, or under the citus project
 * (VIGIE_TEST_CITUS) the coordinator and every worker its maintenance database lists, since a
 * database of a Citus cluster is one database of the same name on each node.
 */
export async function testServers(base = BASE_URL, citus = Boolean(process.env.VIGIE_TEST_CITUS)): Promise<string[]> {
  if (!citus) return [adminUrl(base)];
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  try {
    const nodes = await admin.query<{ nodename: string; nodeport: number }>(
      "SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 ORDER BY nodeport",
    );
    return [
      adminUrl(base),
      ...nodes.rows.map((n) => adminUrl(Object.assign(new URL(base), { hostname: n.nodename, port: String(n.nodeport) }).toString())),
    ];
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database on plain PostgreSQL, migrated, for a test of the citus project that compares the
 * two (VIGIE_TEST_PLAIN_URL names the server): that run's template is a Citus one, so it is
 * migrated here.
 */
export async function createPlainDatabase(base = process.env.VIGIE_TEST_PLAIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') {
  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  const server = adminUrl(base);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name, base);
  const db = createDb({ url, poolMax: 2 });
  try {
    await prepareDatabase(db, url, 400);
  } finally {
    await db.destroy();
  }
  return { name, url, drop: () => dropDatabase(server, name) } satisfies TestDatabase;
}

/** Clones the migrated template into a fresh database; returns its URL and a drop function. */
export async function cloneTemplate(template: string) {
  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  // On Citus, each node clones its own part (shards, metadata): the copy is a cluster of its own.
  for (const server of await testServers()) await createDatabase(server, name, template);
  return {
    name,
    url: databaseUrl(name),
    drop: () => dropTestDatabase(name),
  };
}

async function createDatabase(server: string, name: string, template: string) {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    // Two files cloning at the same instant can meet "source database is being accessed": retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        if (process.env.VIGIE_TEST_CITUS) {
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
            template,
          ]);
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
}

/** Drops a test database (refusing any name not starting with vigie_test_) once its sessions are gone. */
export async function dropTestDatabase(name: string) {
  if (!name.startsWith('vigie_test_')) throw new Error(`refusing to drop ${name}: not a test database`);
  for (const server of await testServers()) await dropDatabase(server, name);
}

async function dropDatabase(server: string, name: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    // pg's pool.end() resolves before its sockets close: a forced drop racing them makes those
    // clients emit "terminating connection" errors. Wait for this run's sessions to go, then force:
    // what is left is Citus's own (the nodes' maintenance daemons connect to each other and come
    // back at once), which a drop without FORCE waits 5 s for on every try, then refuses.
    for (let attempt = 1; attempt <= 200; attempt++) {
      const left = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND application_name NOT LIKE 'citus%'",
        [name],
      );
      if (left.rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A Citus node may start a session of its own again between the end of the others and the drop.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 10) throw error;
      }
    }
  } finally {
    await client.end();
  }
}
