import type { HolidayPeriod } from '@vigie/calendar';
import { activityThresholds, isOutage, nightMaskOf, tenantDayDelta, useWindowStart } from '@vigie/rollup';
import {
  deviceActivity,
  deviceIdleStreaks,
  establishmentDays,
  establishmentPeriods,
  establishments,
  establishmentSettings,
  retention,
  rollupDirty,
  tenantDays,
  type Db,
  type Trx,
  withoutJit,
} from '@vigie/store';
import { calendarFacts, halfDays, recomputePeriods, writeCarts } from './rollup-steps.ts';

export type RollupDaysOutcome =
  | { status: 'skipped'; reason: 'not dirty' | 'establishment gone' }
  | { status: 'rolled_up'; days: number; skipped: number; devices: number; changed: number; streaks: number };

/**
 * rollupDay for several whole days of one establishment (a recompute run's, a backfill's) in one
 * transaction and one statement per step: every day's decisions, establishment days, outages and
 * carts at once, then the idle streaks once from the first day (not once per day and every day
 * after it), each period touched once, the tenant's days by their differences. The result is the
 * day-by-day one (test/rollup/recompute-days.test.ts). Days no longer marked are left out; a mark
 * naming devices is redone whole, which decides the same.
 */
export async function rollupDays(
  db: Db,
  holidays: HolidayPeriod[],
  tenantId: string,
  establishmentId: string,
  days: readonly string[],
): Promise<RollupDaysOutcome> {
  const marks = await rollupDirty.findDays(db, tenantId, establishmentId, days);
  const marked = [...marks.keys()].sort();
  if (marked.length === 0) return { status: 'skipped', reason: 'not dirty' };
  const seen = marked.map((day) => ({ day, seenAt: marks.get(day)!.markedAt }));
  const establishment = await establishments.findById(db, tenantId, establishmentId);
  const settings = await establishmentSettings.effective(db, tenantId, establishmentId);
  return db.transaction().execute(async (trx) => {
    if (!establishment) {
      await rollupDirty.clearDays(trx, tenantId, establishmentId, seen);
      return { status: 'skipped', reason: 'establishment gone' } as const;
    }
    await withoutJit(trx);
    await deviceActivity.lockEstablishmentDays(trx, tenantId, establishmentId, marked);
    const todo = await outsideRetention(trx, tenantId, establishmentId, marked);
    const facts = await calendarFacts(trx, holidays, tenantId, establishment, settings, todo);
    const masks = halfDays(settings, facts);
    const decisions = await deviceActivity.recomputeDays(
      trx,
      tenantId,
      establishmentId,
      establishment.time_zone,
      facts.map((f, i) => ({ ...f, ...masks[i]!, useFrom: useWindowStart(f.day, settings.use_signal_window_days) })),
      nightMaskOf(settings),
      activityThresholds(settings),
    );

    const counts = new Map(decisions.reporting.map((r) => [r.day, r]));
    const thresholds = { silentShare: settings.outage_silent_share, minDevices: settings.outage_min_devices };
    const contributions = await establishmentDays.recompute(
      trx,
      tenantId,
      establishmentId,
      facts.map((f) => {
        const c = counts.get(f.day)!;
        return { ...f, ...c, outage: f.schoolDay && isOutage(c.reporting, c.silent, thresholds) };
      }),
    );
    await writeCarts(trx, tenantId, establishmentId, settings, facts, decisions.carts);

    await establishmentPeriods.lockEstablishment(trx, tenantId, establishmentId);
    const streaks =
      todo.length > 0 ? await deviceIdleStreaks.recomputeRange(trx, tenantId, establishmentId, todo[0]!) : { added: 0, removed: 0 };
    await recomputePeriods(trx, tenantId, establishmentId, todo);
    // Upserted in key order (day first), as every rollup does: concurrent ones wait instead of deadlocking.
    await tenantDays.applyDeltas(
      trx,
      tenantId,
      todo.flatMap((day) => tenantDayDelta(contributions.get(day)!.old, contributions.get(day)!.written).map((d) => ({ ...d, day }))),
    );
    await rollupDirty.clearDays(trx, tenantId, establishmentId, seen);
    return {
      status: 'rolled_up',
      days: todo.length,
      skipped: marked.length - todo.length,
      devices: decisions.devices,
      changed: decisions.written + decisions.removed,
      streaks: streaks.added + streaks.removed,
    } as const;
  });
}

/**
 * The days still to compute: retention has removed per-device rows before its limit, so a day
 * already rolled up there keeps its figures (recomputing from what is left would lower them).
 */
async function outsideRetention(trx: Trx, tenantId: string, establishmentId: string, days: string[]) {
  const whole = await retention.deviceDataBefore(trx, tenantId);
  if (!whole) return days;
  const kept: string[] = [];
  for (const day of days) {
    if (day >= whole || !(await establishmentDays.exists(trx, tenantId, establishmentId, day))) kept.push(day);
  }
  return kept;
}

/** A recompute's pending days cut into per-establishment batches of at most `maxDays`, in key order. */
export function establishmentBatches(pending: readonly { establishment_id: string; day: string }[], maxDays: number) {
  const batches: { establishmentId: string; days: string[] }[] = [];
  for (const p of pending) {
    const last = batches.at(-1);
    if (last && last.establishmentId === p.establishment_id && last.days.length < maxDays) last.days.push(p.day);
    else batches.push({ establishmentId: p.establishment_id, days: [p.day] });
  }
  return batches;
}
