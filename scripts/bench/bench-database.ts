import pg from 'pg';
import { createRedis } from '@vigie/queue';

/** The server of `baseUrl` with another database name. */
export function withDatabase(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a bench database, closing whatever connection is still open on it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  // A guard against a typo ever pointing this at a real database.
  if (!name.startsWith('vigie_bench_')) throw new Error(`refusing to drop ${name}: not a bench database`);
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Deletes every Redis key of a deployment prefix (BullMQ's and the rate limiter's); returns the count. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = createRedis(redisUrl);
  let deleted = 0;
  try {
    for (const pattern of [`${prefix}:*`, `${prefix}-rate-*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) deleted += await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** stored_at of the tenant's stored batches (epoch ms), by batch id. */
export async function storedTimes(databaseUrl: string, tenantId: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ id: string; stored_at: Date }>(
      `SELECT id, stored_at FROM ingest_batches WHERE tenant_id = $1 AND status = 'stored'`,
      [tenantId],
    );
    return new Map(result.rows.map((r) => [r.id, r.stored_at.getTime()]));
  } finally {
    await client.end();
  }
}

export interface TableChurn {
  table: string;
  updates: number;
  hotUpdates: number;
  deadRows: number;
  liveRows: number;
  bytes: number;
}

/**
 * Updates, HOT updates and dead rows of the tables the worker rewrites per batch: an update that is
 * not HOT writes a new row version in every index, the usual reason ingest costs more than COPY.
 */
export async function tableChurn(databaseUrl: string): Promise<TableChurn[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ table: string; updates: string; hot: string; dead: string; live: string; bytes: string }>(`
      SELECT relname AS table, n_tup_upd AS updates, n_tup_hot_upd AS hot, n_dead_tup AS dead, n_live_tup AS live,
             pg_total_relation_size(relid) AS bytes
      FROM pg_stat_user_tables WHERE relname IN ('devices', 'device_sources', 'device_days', 'ingest_batches')
      ORDER BY n_tup_upd DESC`);
    return result.rows.map((r) => ({
      table: r.table,
      updates: Number(r.updates),
      hotUpdates: Number(r.hot),
      deadRows: Number(r.dead),
      liveRows: Number(r.live),
      bytes: Number(r.bytes),
    }));
  } finally {
    await client.end();
  }
}

/** The server settings a reader needs to compare two runs: version, memory, durability, vacuum. */
export async function serverSettings(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ name: string; setting: string }>(`
      SELECT name, current_setting(name) AS setting FROM pg_settings
      WHERE name IN ('server_version', 'shared_buffers', 'synchronous_commit', 'autovacuum') ORDER BY name DESC`);
    const settings = Object.fromEntries(result.rows.map((r) => [r.name, r.setting]));
    const vacuum = settings.autovacuum === 'off' ? 'autovacuum off (no dead row is reclaimed during the run)' : 'autovacuum on';
    return `PostgreSQL ${settings.server_version}, shared_buffers ${settings.shared_buffers}, synchronous_commit ${settings.synchronous_commit}, ${vacuum}`;
  } finally {
    await client.end();
  }
}
