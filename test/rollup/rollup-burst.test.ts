import { beforeAll, describe, expect, it } from 'vitest';
import { deviceDays, establishmentDays } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { rolledUp } from '../setup/rollups.ts';
import { device, local } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const MONDAY = '2026-11-16';
const env = useTestEnv({ env: { ROLLUP_DELAY_MS: '300', ROLLUP_MAX_WAIT_MS: '1000', ROLLUP_SWEEP_AFTER_SECONDS: '120' }, worker: true });
const [t] = useTenants(env, 'rollup-burst');

// Quiet for 300 ms before a rollup, but at most 1 s after the oldest data not rolled up yet.
beforeAll(async () => {
  await push(env, t.connector, [device('b1', { kind: 'tablet', assignment: 'individual' })]);
  await rolledUp(env, t.tenantId);
});

const mondayFigures = async () =>
  (await establishmentDays.list(env.db, t.tenantId, t.establishmentId, { from: MONDAY, to: MONDAY })).find((d) => d.dimension === 'all');

describe('rollups of a day fed without a pause', () => {
  it('are rolled up during the burst all the same (at most ROLLUP_MAX_WAIT_MS late), and completely once it is over', async () => {
    // A heartbeat every 100 ms for several seconds: the day is never quiet for 300 ms.
    let minute = 8 * 60;
    let rolledDuringBurst = false;
    const burstEnds = Date.now() + 6_000;
    while (Date.now() < burstEnds) {
      const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      await push(env, t.connector, [{ type: 'heartbeat', device_id: 'b1', observed_at: local(MONDAY, time) }]);
      minute++;
      rolledDuringBurst ||= (await mondayFigures())?.online === 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rolledDuringBurst).toBe(true);

    await rolledUp(env, t.tenantId);
    const sent = minute - 8 * 60;
    expect((await deviceDays.totals(env.db, t.tenantId)).heartbeats).toBe(sent);
    expect(await mondayFigures()).toMatchObject({ online: 1, in_service: 1 });
  });
});
