import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { deviceObsolescence } from '@vigie/store';
import { requestObsolescenceRecompute } from '../../services/api/src/recompute/request-recompute.ts';
import { evaluateObsolescence } from '../../services/worker/src/obsolescence/evaluate-obsolescence.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV } from '../setup/rollups.ts';
import { device } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { queuesDrained } from '../setup/queues-drained.ts';

// From 23:00 UTC in winter (22:00 in summer) Paris is already on the next day. The worker dates a
// state-based flag (battery, OS version) by the tenant's local day; "now" in the API must be that
// day too, or such a flag drops out of every count for the last hour or two of each UTC day.

const env = useTestEnv({ env: ROLLUP_TEST_ENV });
const [a] = useTenants(env, 'late-a');
const get = (url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${a.operator}` } });

beforeAll(async () => {
  const worker = await env.startWorker();
  await push(env, a.connector, [device('t1', { kind: 'tablet', os_name: 'iPadOS', os_version: '15.7', battery_health_pct: 60 })]);
  await waitFor(async () => (await get('/v1/obsolescence')).json().devices_flagged === 1, 20_000, 'obsolescence evaluated');
  // From here on only the evaluations below, at pinned instants, date the flags.
  await queuesDrained(env);
  await worker.close();
}, 60_000);

afterEach(() => vi.useRealTimers());

it.each([
  ['in winter at 23:30 UTC', '2027-01-14T23:30:00Z', '2027-01-15'],
  ['in summer at 22:30 UTC', '2027-06-14T22:30:00Z', '2027-06-15'],
])("counts a device obsolete by its battery and OS %s, Paris's next day", async (_, instant, parisDay) => {
  const at = new Date(instant);
  // A state-based flag keeps the date it was first raised: drop the earlier ones so this evaluation dates them.
  await deviceObsolescence.deleteStale(env.db, a.tenantId, at);
  await evaluateObsolescence(env.db, a.tenantId, at);
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  const summary = (await get('/v1/obsolescence')).json();
  const listed = (await get('/v1/devices?obsolete=battery')).json().items as { serial: string }[];
  const forecast = (await get('/v1/renewal-forecast?years=1')).json();
  vi.useRealTimers();
  expect(summary).toMatchObject({ as_of: parisDay, devices_flagged: 1, by_reason: { battery: 1, os_version: 1 } });
  expect(listed.map((d) => d.serial)).toEqual(['SN-t1']);
  expect(forecast.as_of).toBe(parisDay);
  expect(forecast.redeployment.obsolete_idle + forecast.redeployment.obsolete_busy).toBe(1);
});

it('dates the re-evaluation a rule change asks for by the same local day', async () => {
  const run = await requestObsolescenceRecompute(env, a.tenantId, new Date('2027-01-14T23:30:00Z'));
  expect(run).toMatchObject({ from_day: '2027-01-15', to_day: '2027-01-15' });
});
