import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@vigie/config';
import { createDb, databaseInventory, type Db } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import { databaseUrl, dropTestDatabase } from '../setup/test-db.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const run = promisify(execFile);
const vigie = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['scripts/vigie.ts', ...args], {
    env: { ...process.env, ...env },
    cwd: path.resolve(import.meta.dirname, '../..'),
  });

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [tenant] = useTenants(env, 'backup-a');
let dir: string;
let restoredName: string;
let restored: Db;

// What a person reads after a bad day must be what they read before it.
const READS = [
  '/v1/devices?limit=50',
  '/v1/fleet/summary',
  '/v1/obsolescence',
  '/v1/establishments/0770934X/daily?from=2026-11-16&to=2026-11-20',
  '/v1/ingest/failures',
];

beforeAll(async () => {
  await push(env, tenant.connector, [
    device('t1', { kind: 'tablet', assignment: 'cart', acquired_on: '2019-09-01' }),
    device('t2', { kind: 'laptop', assignment: 'shared_room' }),
    session('t1', '2026-11-17', '09:00', 1200),
    session('t2', '2026-11-18', '14:00', 900),
  ]);
  await rolledUp(env, tenant.tenantId);
  dir = await mkdtemp(path.join(tmpdir(), 'vigie-backup-'));
  restoredName = `vigie_test_restored_${Date.now().toString(36)}`;
}, 120_000);

afterAll(async () => {
  await restored?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (restoredName) await dropTestDatabase(restoredName);
});

describe('backup and restore', () => {
  it('restores a backup into a fresh database with every table and every answer unchanged', async () => {
    await vigie(['backup', '--to', path.join(dir, 'b1'), '--jobs', '2'], { DATABASE_URL: env.config.db.url });
    const out = await vigie(['restore', '--from', path.join(dir, 'b1'), '--into', databaseUrl(restoredName)], {
      DATABASE_URL: env.config.db.url,
    });
    expect(out.stdout).toMatch(/every row count matches the manifest/);

    restored = createDb({ url: databaseUrl(restoredName), poolMax: 4 });
    const before = await databaseInventory.tableRowCounts(env.db);
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(await databaseInventory.tableRowCounts(restored)).toEqual(before);
    expect(await databaseInventory.migrationLevel(restored)).toBe(await databaseInventory.migrationLevel(env.db));

    const app = await buildApp({ ...env, db: restored, log: createLogger({ level: 'silent', name: 'restored' }) });
    try {
      for (const url of READS) {
        const headers = { authorization: `Bearer ${tenant.operator}` };
        const [original, copy] = await Promise.all([env.app.inject({ url, headers }), app.inject({ url, headers })]);
        expect(original.statusCode, url).toBe(200);
        expect(copy.json(), url).toEqual(original.json());
      }
    } finally {
      await app.close();
    }
  });

  it('refuses to restore over a database that already holds Vigie, and to back up into a used directory', async () => {
    await expect(vigie(['restore', '--from', path.join(dir, 'b1'), '--into', env.config.db.url], {})).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/already holds a Vigie schema/),
    });
    await expect(vigie(['backup', '--to', path.join(dir, 'b1')], { DATABASE_URL: env.config.db.url })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/is not empty/),
    });
  });
});
