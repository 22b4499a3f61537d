import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, migrate, partitions, prepareDatabase } from '@vigie/store';
import { adminUrl, databaseUrl } from '../setup/test-db.ts';

const name = `vigie_test_${randomBytes(6).toString('hex')}`;
const url = databaseUrl(name);

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('migrations', () => {
  it('create the database from nothing, apply once even when two processes start together, then apply nothing', async () => {
    const [first, second] = await Promise.all([migrate(url), migrate(url)]);
    const applied = [...first.applied, ...second.applied].sort();
    expect(applied.length).toBeGreaterThanOrEqual(7);
    expect(new Set(applied).size).toBe(applied.length);
    const rerun = await migrate(url);
    expect(rerun.applied).toEqual([]);
    expect(rerun.skipped).toBe(applied.length);
  });

  it('create monthly partitions over the retention window and drop those past it', async () => {
    const db = createDb({ url, poolMax: 2 });
    try {
      const now = new Date('2026-11-23T12:00:00Z');
      const prepared = await prepareDatabase(db, url, 90, now);
      expect(prepared.partitions.created).toContain('heartbeats_p202608');
      expect(prepared.partitions.created).toContain('app_usage_p202701');
      expect(prepared.partitions.created).not.toContain('heartbeats_p202607');
      const later = await partitions.maintain(db, { from: new Date('2026-10-15T00:00:00Z'), now, monthsAhead: 2 });
      expect(later.dropped.sort()).toEqual(['app_usage_p202608', 'app_usage_p202609', 'heartbeats_p202608', 'heartbeats_p202609']);
      expect(later.created).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('give raw check-ins kept a few days daily partitions, after the monthly ones a longer retention left', async () => {
    const db = createDb({ url, poolMax: 2 });
    try {
      const now = new Date('2026-11-23T12:00:00Z');
      const prepared = await prepareDatabase(db, url, { checkInDays: 8, appSessionDays: 90 }, now);
      // The months the first case left (October to January) still cover check-ins' days; days follow them.
      expect(prepared.partitions.created.sort()).toEqual(['app_usage_p202608', 'app_usage_p202609']);
      expect(prepared.partitions.dropped.sort()).toEqual(['heartbeats_p202610']);
      const later = await prepareDatabase(db, url, { checkInDays: 8, appSessionDays: 90 }, new Date('2027-01-20T12:00:00Z'));
      expect(later.partitions.dropped).toContain('heartbeats_p202612');
      expect(later.partitions.created).toContain('heartbeats_p20270201');
      expect(later.partitions.created).toContain('heartbeats_p20270203');
      expect(later.partitions.created).not.toContain('heartbeats_p20270205');
      expect(later.partitions.created).toContain('app_usage_p202703');
    } finally {
      await db.destroy();
    }
  });
});
