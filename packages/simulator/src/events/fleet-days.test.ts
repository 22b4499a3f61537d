import { describe, expect, it } from 'vitest';
import { addDays } from '@vigie/calendar';
import { MAX_DELAY_DAYS, offlineUntil } from '../delivery/delivery-delays.ts';
import { devicesOf } from '../population/devices.ts';
import { planFleet } from '../population/fleet-plan.ts';
import type { Delivered } from './delivered.ts';
import { datesFrom, deliveredBetween, fleetDays } from './fleet-days.ts';

const plan = planFleet({ seed: 21, devices: 500, establishments: 2 });

describe('delivery over time', () => {
  it('the live feed, window after window, delivers exactly what the days produced for that period', () => {
    const from = Date.parse('2026-11-16T00:00:00Z');
    const to = Date.parse('2026-11-18T00:00:00Z');
    const expected = [...fleetDays(plan, datesFrom(addDays('2026-11-16', -MAX_DELAY_DAYS - 1), MAX_DELAY_DAYS + 4))]
      .flatMap((d) => d.delivered)
      .filter((d) => d.deliverAt >= from && d.deliverAt < to);
    const live: Delivered[] = [];
    for (let t = from; t < to; t += 6 * 3_600_000) live.push(...deliveredBetween(plan, t, t + 6 * 3_600_000));
    const key = (d: Delivered) => `${d.deliverAt}/${JSON.stringify(d.event)}`;
    expect(expected.length).toBeGreaterThan(1000);
    expect(live.map(key).sort()).toEqual(expected.map(key).sort());
    // Simulates and sorts tens of thousands of events: about 2 s on an idle core, 10 s on a loaded
    // 2-core machine. The bound only guards against a hang; this test times nothing.
  }, 60_000);

  it('an offline spell lasts 2 to 4 days and its sessions arrive the morning the device reconnects', () => {
    let spells = 0;
    for (const e of plan.establishments) {
      for (const device of devicesOf(plan, e)) {
        for (const date of datesFrom('2026-11-02', 21)) {
          const back = offlineUntil(plan, device, date);
          if (back === null) continue;
          spells++;
          expect(back > date && back <= addDays(date, 4)).toBe(true);
        }
      }
    }
    expect(spells).toBeGreaterThan(0);
    const late = [...fleetDays(plan, datesFrom('2026-11-02', 14))].flatMap((d) =>
      d.delivered.filter((x) => x.event.type === 'app_usage' && x.deliverAt - Date.parse(x.event.observed_at) > 86_400_000),
    );
    expect(late.length).toBeGreaterThan(0);
  });
});
