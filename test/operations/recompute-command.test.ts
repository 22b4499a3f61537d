import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { runVigie } from '../setup/run-cli.ts';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'recompute-a', 'recompute-b');

const vigie = (args: string[]) => runVigie(args, env.env);
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
const get = async (t: SeededTenant, url: string) =>
  (await env.app.inject({ url, headers: { authorization: `Bearer ${t.operator}` } })).json();
const WEEK = 'from=2026-11-16&to=2026-11-20';
const activity = (t: SeededTenant) => get(t, `/v1/establishments/${t.uai}/activity?${WEEK}`);
const deviceDays = async (t: SeededTenant) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_activity WHERE tenant_id = ${t.tenantId} AND active`.execute(env.db))
    .rows[0]!.n;

beforeAll(async () => {
  for (const t of [a, b]) {
    await push(env, t.connector, [
      device('t1', { kind: 'tablet', assignment: 'cart' }),
      device('t2', { kind: 'laptop', assignment: 'shared_room' }),
      session('t1', '2026-11-17', '09:00', 1200),
      session('t2', '2026-11-18', '14:00', 900),
      session('t1', '2026-11-19', '10:00', 600),
    ]);
    await rolledUp(env, t.tenantId);
  }
}, 120_000);

describe('npm run vigie -- recompute', () => {
  it('recomputes the device-days an older formula left wrong, with a progress bar until every day is done', async () => {
    const before = await activity(a);
    const activeBefore = await deviceDays(a);
    expect(activeBefore).toBe(3);
    // What an upgrade that changes a formula leaves behind: figures rolled up by the old rules.
    await sql`DELETE FROM device_activity WHERE tenant_id = ${a.tenantId}`.execute(env.db);
    await sql`UPDATE establishment_days SET active = 0, active_usage = 0 WHERE tenant_id = ${a.tenantId}`.execute(env.db);
    expect(await activity(a)).not.toEqual(before);

    const out = await vigie(['recompute', '--tenant', 'recompute-a', '--uai', a.uai, '--from', '2026-11-16', '--to', '2026-11-20']);
    expect(out.code, out.stderr).toBe(0);
    const result = lastJson(out.stdout);
    expect(result).toMatchObject({ from: '2026-11-16', to: '2026-11-20', status: 'done' });
    expect(result.days_total).toBeGreaterThanOrEqual(3);
    const progress = out.stderr.trim().split('\n');
    expect(progress[0]).toMatch(/^recompute \d+% \d+\/\d+ days/);
    expect(progress.at(-1)).toMatch(new RegExp(`^recompute 100% ${result.days_total}/${result.days_total} days, .* in [\\d.]+s$`));

    expect(await deviceDays(a)).toBe(activeBefore);
    expect(await activity(a)).toEqual(before);
    const runs = await get(a, '/v1/recompute');
    expect(runs.items[0]).toMatchObject({ id: result.run, reason: 'operator', status: 'done', days_done: result.days_total });
  });

  it('with --no-wait, queues the recompute and exits; the workers finish it', async () => {
    const out = await vigie(['recompute', '--tenant', 'recompute-a', '--no-wait']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toBe('');
    const result = lastJson(out.stdout);
    expect(result.days_total).toBeGreaterThanOrEqual(3);
    await waitFor(async () => (await get(a, '/v1/recompute')).items[0].status === 'done', 30_000, 'the recompute done');
    expect((await get(a, '/v1/recompute')).items[0]).toMatchObject({ id: result.run, reason: 'operator', days_done: result.days_total });
  });

  it('calendar-import recomputes the days of its zones, as POST /v1/calendar/import does', async () => {
    const schoolDaysBefore = (await activity(b)).periods.reduce((n: number, p: { school_days: number }) => n + p.school_days, 0);
    expect(schoolDaysBefore).toBe(3);
    // The fixture moves zone C's Toussaint to 14-22 November 2026: the week rolled up is now a holiday.
    const out = await vigie([
      'calendar-import',
      '--tenant',
      'recompute-b',
      '--file',
      'test/fixtures/calendar/fr-en-calendrier-scolaire.csv',
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(lastJson(out.stdout)).toMatchObject({ zones: ['C'] });
    expect(lastJson(out.stdout).recompute_days).toBeGreaterThanOrEqual(3);
    await waitFor(async () => (await get(b, '/v1/recompute')).items[0]?.status === 'done', 30_000, 'the calendar recompute done');
    expect((await get(b, '/v1/recompute')).items[0]).toMatchObject({ reason: 'calendar' });
    expect((await activity(b)).periods.reduce((n: number, p: { school_days: number }) => n + p.school_days, 0)).toBe(0);
  });

  it('refuses an unknown UAI or a bad date with one line naming the option, exit 2, and queues nothing', async () => {
    const runs = (await get(a, '/v1/recompute')).items.length;
    const uai = await vigie(['recompute', '--tenant', 'recompute-a', '--uai', '9999999Z']);
    expect(uai.code).toBe(2);
    expect(uai.stderr.trim().split('\n')).toEqual(['vigie recompute: no establishment with UAI 9999999Z in tenant recompute-a (--uai)']);
    const date = await vigie(['recompute', '--tenant', 'recompute-a', '--from', '2026-11-31']);
    expect(date.code).toBe(2);
    expect(date.stderr.trim()).toBe('vigie recompute: --from must be a date YYYY-MM-DD, got "2026-11-31"');
    const order = await vigie(['recompute', '--tenant', 'recompute-a', '--from', '2026-11-20', '--to', '2026-11-16']);
    expect(order.code).toBe(2);
    expect((await get(a, '/v1/recompute')).items).toHaveLength(runs);
  });

  it('annuaire-import recomputes the days of an establishment whose attributes it changed; the same import again, nothing', async () => {
    const runs = (await get(a, '/v1/recompute')).items.length;
    const annuaire = ['annuaire-import', '--tenant', 'recompute-a', '--file', 'test/fixtures/annuaire/excerpt.csv'];
    const out = await vigie(annuaire);
    expect(out.code, out.stderr).toBe(0);
    // The tenant's 0770934X, a collège without pupils, is a lycée of 730 pupils in the export; the others are new.
    const result = lastJson(out.stdout);
    expect(result).toMatchObject({ inserted: 8, updated: 1 });
    expect(result.recompute_days).toBeGreaterThanOrEqual(3);
    await waitFor(
      async () => (await get(a, '/v1/recompute')).items.length === runs + 1 && (await get(a, '/v1/recompute')).items[0].status === 'done',
      30_000,
      'the establishment recompute done',
    );
    expect((await get(a, '/v1/recompute')).items[0]).toMatchObject({ reason: 'establishment', days_done: result.recompute_days });

    const again = await vigie(annuaire);
    expect(again.code, again.stderr).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ inserted: 0, updated: 9, recompute_days: 0 });
    expect((await get(a, '/v1/recompute')).items).toHaveLength(runs + 1);
  });
});
