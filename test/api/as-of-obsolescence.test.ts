import { beforeAll, expect, it } from 'vitest';
import { deviceObsolescence } from '@vigie/store';
import { evaluateObsolescence } from '../../services/worker/src/obsolescence/evaluate-obsolescence.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV } from '../setup/rollups.ts';
import { device } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { queuesDrained } from '../setup/queues-drained.ts';

// A report for a past date reads the obsolescence flags held at the end of that day (migration
// 0076): a battery replaced or an OS updated since removes the flag from today's answers, not from
// the past day's.

const env = useTestEnv({ env: ROLLUP_TEST_ENV });
const [a] = useTenants(env, 'as-of-flags');
const D = '2026-11-20';

const get = (url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${a.operator}` } });
const serials = async (url: string) => ((await get(url)).json().items as { serial: string }[]).map((d) => d.serial).sort();
// t: worn battery and old iPadOS; k: old enough to be flagged by age whatever happens to t.
const worn = { kind: 'tablet', os_name: 'iPadOS', os_version: '15.7', battery_health_pct: 60 };
const old = { kind: 'laptop', acquired_on: '2015-09-01' };

/**
 * Every as_of answer for D that reads the flags: the bytes the API sent, and for a list the devices
 * it names (an item shows today's OS and battery, docs/api.md "as_of").
 */
async function report() {
  const lists = [
    `/v1/devices?obsolete=battery&as_of=${D}`,
    `/v1/devices?obsolete=os_version&as_of=${D}`,
    `/v1/devices?obsolete=any&as_of=${D}`,
  ];
  const aggregates = [`/v1/obsolescence?as_of=${D}`, `/v1/obsolescence?as_of=${D}&within_months=12`, `/v1/renewal-forecast?as_of=${D}`];
  const answers: Record<string, unknown> = {};
  for (const url of [...lists, ...aggregates]) {
    const res = await get(url);
    expect(res.statusCode, url).toBe(200);
    answers[url] = lists.includes(url) ? (res.json().items as { serial: string }[]).map((d) => d.serial) : res.body;
  }
  return answers;
}

beforeAll(async () => {
  const worker = await env.startWorker();
  await push(env, a.connector, [device('t', worn), device('k', old)]);
  await waitFor(async () => (await get('/v1/obsolescence')).json().devices_flagged === 2, 20_000, 'obsolescence evaluated');
  await queuesDrained(env);
  await worker.close();
  // The evaluation of D raised t's battery and OS flags that day (a state-based flag applies from
  // the day it is first raised): drop today's, then evaluate at D.
  await deviceObsolescence.deleteStale(env.db, a.tenantId, new Date());
  await evaluateObsolescence(env.db, a.tenantId, new Date(`${D}T10:00:00Z`));
}, 60_000);

it('keeps a device in the obsolete answers of a past date after its battery is replaced and its OS updated', async () => {
  const before = await report();
  expect(before[`/v1/devices?obsolete=battery&as_of=${D}`]).toEqual(['SN-t']);
  expect(JSON.parse(before[`/v1/obsolescence?as_of=${D}`] as string)).toMatchObject({
    devices_flagged: 2,
    by_reason: { battery: 1, os_version: 1, age: 1 },
  });

  const worker = await env.startWorker();
  try {
    const now = new Date().toISOString();
    await push(env, a.connector, [device('t', { ...worn, battery_health_pct: 95, os_version: '18.1', observed_at: now })]);
    await waitFor(async () => (await get('/v1/obsolescence')).json().devices_flagged === 1, 20_000, 'obsolescence re-evaluated');
    await queuesDrained(env);
  } finally {
    await worker.close();
  }

  // Today's answers dropped t; the past day's are the same bytes.
  expect(await serials('/v1/devices?obsolete=battery')).toEqual([]);
  expect(await serials('/v1/devices?obsolete=os_version')).toEqual([]);
  expect(await serials('/v1/devices?obsolete=any')).toEqual(['SN-k']);
  expect((await get('/v1/obsolescence')).json().by_reason).toEqual({ age: 1 });
  expect(await report()).toEqual(before);
});
