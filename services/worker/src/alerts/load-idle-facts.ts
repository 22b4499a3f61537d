import { localDate } from '@vigie/calendar';
import { cartDays, deviceActivity, type Db } from '@vigie/store';
import type { RolledUpDay } from './activity-rate.ts';
import type { RuleRow } from './apply-firings.ts';
import type { EstablishmentFacts } from './evaluate-rule.ts';
import { paramsFor } from './firing.ts';
import type { CartDayFacts, DayDecisions } from './idle-devices.ts';
import { idleWindow } from './idle-window.ts';

type IdleKind = 'device_idle' | 'cart_unused';

/**
 * The rollup's device decisions and cart-days on each establishment's widest idle window (the
 * largest N of its rules and overrides): every narrower window is its newest days.
 */
export async function loadIdleFacts(
  db: Db,
  tenantId: string,
  rules: readonly RuleRow[],
  places: readonly EstablishmentFacts[],
  rolledUp: ReadonlyMap<string, ReadonlyMap<string, RolledUpDay>>,
  now: Date,
) {
  const windowDays = (kind: IdleKind) => {
    const of = rules.filter((r) => r.kind === kind);
    if (of.length === 0) return [];
    return places.flatMap((e) => {
      const widest = Math.max(...of.map((r) => paramsFor(kind, r.params, r.overrides, e.id).school_days));
      return idleWindow(rolledUp.get(e.id), localDate(now, e.time_zone), widest).map((day) => ({ establishmentId: e.id, day }));
    });
  };
  const decisions = new Map<string, Map<string, Map<string, boolean>>>();
  for (const row of await deviceActivity.inServiceDecisions(db, tenantId, windowDays('device_idle'))) {
    const days = decisions.get(row.establishment_id) ?? new Map<string, Map<string, boolean>>();
    decisions.set(
      row.establishment_id,
      days.set(row.day, (days.get(row.day) ?? new Map<string, boolean>()).set(row.device_id, row.active)),
    );
  }
  const carts = new Map<string, Map<string, Map<string, { devices: number; active_devices: number }>>>();
  for (const row of await cartDays.onDays(db, tenantId, windowDays('cart_unused'))) {
    const days = carts.get(row.establishment_id) ?? new Map<string, Map<string, { devices: number; active_devices: number }>>();
    carts.set(row.establishment_id, days.set(row.day, (days.get(row.day) ?? new Map()).set(row.cart_id, row)));
  }
  return { decisions: decisions as ReadonlyMap<string, DayDecisions>, cartDays: carts as ReadonlyMap<string, CartDayFacts> };
}
