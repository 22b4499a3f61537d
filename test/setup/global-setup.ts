import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb, prepareDatabase } from '@vigie/store';
import { databaseUrl, testServers } from './test-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per run; each test file clones it (CREATE DATABASE ... TEMPLATE).
 * Under the citus project the template is a Citus database on every node of the CITUS_URL cluster,
 * with the workers added, so migration 0061 distributes its tables.
 */
export default async function setup(project: TestProject) {
  const citus = project.name === 'citus';
  const base = citus ? process.env.CITUS_URL : process.env.DATABASE_URL;
  const name = `vigie_test_tpl_${process.pid}_${Date.now().toString(36)}`;
  const servers = await testServers(base, citus);
  for (const server of servers) await query(server, `CREATE DATABASE ${name}`);
  const url = databaseUrl(name, base);
  if (citus) await joinCluster(servers.map((server) => databaseUrl(name, server)));
  const db = createDb({ url, poolMax: 2 });
  await prepareDatabase(db, url, 400);
  await db.destroy();
  if (citus) for (const server of servers) await closeTemplate(server, name);
  project.provide('templateDatabase', name);
  return async () => {
    for (const server of servers) await query(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
}

/** Makes the database a Citus cluster of the coordinator and workers; four shards per table keep clones quick. */
async function joinCluster([coordinator, ...workers]: string[]) {
  for (const url of [coordinator!, ...workers]) await query(url, 'CREATE EXTENSION citus');
  const node = (url: string) => [new URL(url).hostname, Number(new URL(url).port || 5432)] as const;
  await query(coordinator!, `SELECT citus_set_coordinator_host($1, $2)`, node(coordinator!));
  for (const worker of workers) await query(coordinator!, 'SELECT citus_add_node($1, $2)', node(worker));
  await query(coordinator!, `ALTER DATABASE ${new URL(coordinator!).pathname.slice(1)} SET citus.shard_count = 4`);
}

/**
 * A Citus database keeps sessions open on every node (its maintenance daemon, the connections the
 * daemons open to each other), and CREATE DATABASE ... TEMPLATE refuses a template in use: the
 * template stops accepting connections, then the sessions it has are ended.
 */
async function closeTemplate(server: string, name: string) {
  await query(server, `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await query(server, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
}

async function query(url: string, text: string, values: readonly unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values as unknown[]);
  } finally {
    await client.end();
  }
}
