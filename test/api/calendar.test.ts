import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SeededTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

// The fixtures have the official dataset's shape (fr-en-calendrier-scolaire exports), with a zone C
// Toussaint moved to 14-22 November 2026 so that an import visibly changes ordinary school days.
const csv = readFileSync(new URL('../fixtures/calendar/fr-en-calendrier-scolaire.csv', import.meta.url), 'utf8');
const json = readFileSync(new URL('../fixtures/calendar/fr-en-calendrier-scolaire.json', import.meta.url), 'utf8');

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'calendar-a', 'calendar-b');

const call = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: string | object, type = 'application/json') =>
  env.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(payload !== undefined ? { 'content-type': type } : {}) },
    ...(payload !== undefined ? { payload } : {}),
  });
const schoolDays = async (t: SeededTenant, from: string, to: string) =>
  (
    (await call(t.operator, 'GET', `/v1/establishments/${t.uai}/activity?from=${from}&to=${to}`)).json().periods as {
      start: string;
      school_days: number;
    }[]
  )
    .filter((p) => p.school_days > 0)
    .map((p) => p.start);

beforeAll(async () => {
  for (const t of [a, b]) await push(env, t.connector, [device('u1', { kind: 'tablet' }), session('u1', '2026-11-16', '10:00', 600)]);
  await rolledUp(env, a.tenantId);
  await rolledUp(env, b.tenantId);
}, 60_000);

describe('school calendar import', () => {
  it('imports the CSV export: one period per zone and dates, teacher-only rows dropped, for this tenant only', async () => {
    const res = await call(a.operator, 'POST', '/v1/calendar/import', csv, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ periods: 2, removed: 0, zones: ['C'], school_years: ['2026-2027'] });
    const periods = (await call(a.operator, 'GET', '/v1/calendar/periods?zone=C')).json().items;
    expect(periods.filter((p: { school_year: string }) => p.school_year === '2026-2027')).toEqual([
      {
        zone: 'C',
        school_year: '2026-2027',
        start: '2026-11-14',
        end: '2026-11-23',
        description: 'Vacances de la Toussaint',
        source: 'imported',
      },
      { zone: 'C', school_year: '2026-2027', start: '2026-12-19', end: '2027-01-04', description: 'Vacances de Noël', source: 'imported' },
    ]);
    expect(periods.some((p: { source: string }) => p.source === 'shipped')).toBe(true);
    expect(
      (await call(b.operator, 'GET', '/v1/calendar/periods?zone=C')).json().items.every((p: { source: string }) => p.source === 'shipped'),
    ).toBe(true);
  });

  it('imports the JSON export, and a second import of the same years replaces them', async () => {
    expect((await call(a.operator, 'POST', '/v1/calendar/import', json)).json()).toEqual({
      periods: 2,
      removed: 0,
      zones: ['A'],
      school_years: ['2026-2027'],
    });
    expect((await call(a.operator, 'POST', '/v1/calendar/import', json)).json()).toMatchObject({ periods: 2, removed: 2 });
  });

  it('imports from the CLI too: npm run vigie -- calendar-import', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/vigie.ts', 'calendar-import', '--tenant', 'calendar-b', '--file', 'test/fixtures/calendar/fr-en-calendrier-scolaire.json'],
      {
        env: { ...process.env, ...env.env },
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ periods: 2, removed: 0, zones: ['A'], recompute_days: 0 });
    expect(
      (await call(b.operator, 'GET', '/v1/calendar/periods?zone=A'))
        .json()
        .items.filter((p: { source: string }) => p.source === 'imported'),
    ).toHaveLength(2);
  });

  it('refuses a file that is not the export, naming what is wrong, and other roles', async () => {
    const bad = await call(a.operator, 'POST', '/v1/calendar/import', 'a;b\n1;2', 'text/csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/column description missing/);
    expect((await call(a.operator, 'POST', '/v1/calendar/import', [{ zones: 'Zone Q' }])).json().error.message).toMatch(/record 0/);
    expect((await call(a.connector, 'POST', '/v1/calendar/import', csv, 'text/csv')).statusCode).toBe(403);
  });

  it("the rollup counts school days on the tenant's calendar, its zone corrections and its establishments' exceptions", async () => {
    await rollUpRange(env, a.tenantId, [a.establishmentId], '2026-11-16', '2026-11-24');
    await rollUpRange(env, b.tenantId, [b.establishmentId], '2026-11-16', '2026-11-24');
    expect(await schoolDays(a, '2026-11-16', '2026-11-24')).toEqual(['2026-11-23', '2026-11-24']);
    expect(await schoolDays(b, '2026-11-16', '2026-11-24')).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-23',
      '2026-11-24',
    ]);

    const makeUp = await call(a.operator, 'POST', '/v1/calendar/exceptions', {
      establishment: a.uai,
      kind: 'classes',
      from: '2026-11-16',
      to: '2026-11-16',
      description: 'rattrapage',
    });
    expect(makeUp.statusCode).toBe(201);
    expect(makeUp.json()).toMatchObject({ establishment: a.uai, zone: null, kind: 'classes', from: '2026-11-16', to: '2026-11-16' });
    expect(
      (await call(a.operator, 'POST', '/v1/calendar/exceptions', { zone: 'C', kind: 'bridge', from: '2026-11-24', to: '2026-11-24' }))
        .statusCode,
    ).toBe(201);
    await rollUpRange(env, a.tenantId, [a.establishmentId], '2026-11-16', '2026-11-24');
    expect(await schoolDays(a, '2026-11-16', '2026-11-24')).toEqual(['2026-11-16', '2026-11-23']);
    expect((await call(a.operator, 'GET', '/v1/calendar/exceptions')).json().items.map((x: { kind: string }) => x.kind)).toEqual([
      'classes',
      'bridge',
    ]);
  });

  it('refuses an exception without exactly one of zone and establishment, or with dates out of order, by field', async () => {
    const both = await call(a.operator, 'POST', '/v1/calendar/exceptions', {
      zone: 'C',
      establishment: a.uai,
      kind: 'closure',
      from: '2026-11-16',
      to: '2026-11-16',
    });
    expect(both.json().error.field).toBe('zone');
    expect(
      (
        await call(a.operator, 'POST', '/v1/calendar/exceptions', { zone: 'C', kind: 'closure', from: '2026-11-17', to: '2026-11-16' })
      ).json().error.field,
    ).toBe('to');
    expect(
      (
        await call(a.operator, 'POST', '/v1/calendar/exceptions', { zone: 'C', kind: 'strike', from: '2026-11-16', to: '2026-11-16' })
      ).json().error.field,
    ).toBe('kind');
    expect(
      (
        await call(b.operator, 'POST', '/v1/calendar/exceptions', {
          establishment: '0770935Y',
          kind: 'closure',
          from: '2026-11-16',
          to: '2026-11-16',
        })
      ).statusCode,
    ).toBe(404);
  });
});
