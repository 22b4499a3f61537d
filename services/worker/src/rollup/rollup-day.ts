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
} from '@vigie/store';
import { calendarFacts, recomputeCarts, recomputePeriods } from './rollup-steps.ts';

export type RollupOutcome =
  | { status: 'skipped'; reason: 'not dirty' | 'establishment gone' | 'past device retention' }
  | { status: 'rolled_up'; devices: number; partial: boolean; changed: number; schoolDay: boolean; outage: boolean; carts: number };

/**
 * Recomputes one establishment's local day bottom-up in one transaction: device decisions, the
 * establishment day (with outage), its carts, the week/month/school year holding it, then moves the
 * tenant's day by the difference. Every step rewrites its rows, so running it twice changes nothing.
 */
export async function rollupDay(
  db: Db,
  holidays: HolidayPeriod[],
  tenantId: string,
  establishmentId: string,
  day: string,
  /** The day's mark when the caller has just read it; else it is read here. */
  found?: rollupDirty.DirtyMark | null,
): Promise<RollupOutcome> {
  const mark = found === undefined ? await rollupDirty.find(db, tenantId, establishmentId, day) : found;
  if (!mark) return { status: 'skipped', reason: 'not dirty' };
  const seenAt = mark.markedAt;
  const establishment = await establishments.findById(db, tenantId, establishmentId);
  const settings = await establishmentSettings.effective(db, tenantId, establishmentId);
  return db.transaction().execute(async (trx) => {
    if (!establishment) {
      await rollupDirty.clear(trx, tenantId, establishmentId, day, seenAt);
      return { status: 'skipped', reason: 'establishment gone' } as const;
    }
    await deviceActivity.lockEstablishmentDay(trx, tenantId, establishmentId, day);
    // Retention has removed per-device rows of this day (one-to-one devices' first): recomputing
    // from what is left would rewrite its figures lower. A day never rolled up is still computed.
    const whole = await retention.deviceDataBefore(trx, tenantId);
    if (whole && day < whole && (await establishmentDays.exists(trx, tenantId, establishmentId, day))) {
      await rollupDirty.clear(trx, tenantId, establishmentId, day, seenAt);
      return { status: 'skipped', reason: 'past device retention' } as const;
    }
    const facts = (await calendarFacts(trx, holidays, tenantId, establishment, settings, [day]))[0]!;
    // Late data for a few devices redoes their decisions only, once the day has a complete base (and
    // decides devices placed since).
    const partial = mark.deviceIds && (await establishmentDays.exists(trx, tenantId, establishmentId, day));
    const only = partial
      ? [...mark.deviceIds!, ...(await deviceActivity.undecided(trx, tenantId, establishmentId, establishment.time_zone, day))]
      : null;
    const decisions = await deviceActivity.recompute(
      trx,
      tenantId,
      establishmentId,
      establishment.time_zone,
      {
        ...facts,
        nightMask: nightMaskOf(settings),
        useFrom: useWindowStart(day, settings.use_signal_window_days),
      },
      activityThresholds(settings),
      only,
    );

    const counts = (await deviceActivity.reportingCounts(trx, tenantId, establishmentId, [day])).get(day)!;
    const outage =
      facts.schoolDay &&
      isOutage(counts.reporting, counts.silent, { silentShare: settings.outage_silent_share, minDevices: settings.outage_min_devices });
    const { old, written } = (await establishmentDays.recompute(trx, tenantId, establishmentId, [{ ...facts, ...counts, outage }])).get(
      day,
    )!;

    const carts = await recomputeCarts(trx, tenantId, establishmentId, settings, [facts]);

    await establishmentPeriods.lockEstablishment(trx, tenantId, establishmentId);
    await deviceIdleStreaks.recomputeFrom(trx, tenantId, establishmentId, day);
    await recomputePeriods(trx, tenantId, establishmentId, [day]);
    await tenantDays.applyDelta(trx, tenantId, day, tenantDayDelta(old, written));
    await rollupDirty.clear(trx, tenantId, establishmentId, day, seenAt);
    return {
      status: 'rolled_up',
      devices: decisions.devices,
      partial: only !== null,
      changed: decisions.written + decisions.removed,
      schoolDay: facts.schoolDay,
      outage,
      carts,
    } as const;
  });
}
