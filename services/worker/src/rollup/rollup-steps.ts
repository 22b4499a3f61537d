import type { HolidayPeriod } from '@vigie/calendar';
import type { RollupSettings } from '@vigie/contracts';
import { dayFacts, halfDayMasks, lessonHoursOf, periodsOf, type DayFacts, type EstablishmentCalendarInput } from '@vigie/rollup';
import { cartDays, establishmentPeriods, type Trx } from '@vigie/store';
import { cartDayRows } from './cart-day-rows.ts';
import { schoolCalendar } from './school-calendars.ts';

// The steps rollupDay and rollupDays share, over one day or several: each result has one writer, so
// the day-by-day and the batched rollups cannot drift apart (test/rollup/recompute-days.test.ts).

type Establishment = Omit<EstablishmentCalendarInput, 'rhythm'> & { id: string };

/** The days' calendar facts, in the establishment's school calendar, weekly rhythm and lesson hours. */
export async function calendarFacts(
  trx: Trx,
  holidays: readonly HolidayPeriod[],
  tenantId: string,
  establishment: Establishment,
  settings: RollupSettings,
  days: readonly string[],
): Promise<DayFacts[]> {
  const calendar = await schoolCalendar(trx, holidays, tenantId, { ...establishment, rhythm: settings.weekly_rhythm });
  const hours = lessonHoursOf(settings);
  return days.map((day) => dayFacts(calendar, day, hours));
}

/** Each day's lesson half-days, the quarter hours a cart's sessions are counted in. */
export function halfDays(settings: RollupSettings, facts: readonly DayFacts[]) {
  const hours = lessonHoursOf(settings);
  return facts.map((f) => ({ day: f.day, ...halfDayMasks(f, hours) }));
}

/** Rewrites the carts' days from their session counts per half-day. */
export async function writeCarts(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  settings: RollupSettings,
  facts: DayFacts[],
  carts: Parameters<typeof cartDayRows>[0],
) {
  await cartDays.replace(trx, tenantId, establishmentId, facts, cartDayRows(carts, settings.cart_session_min_devices));
}

/** Rewrites the carts' days from the sessions their devices started in lesson hours; how many cart-days it counted. */
export async function recomputeCarts(trx: Trx, tenantId: string, establishmentId: string, settings: RollupSettings, facts: DayFacts[]) {
  const carts = await cartDays.sessionCounts(trx, tenantId, establishmentId, halfDays(settings, facts));
  await writeCarts(trx, tenantId, establishmentId, settings, facts, carts);
  return carts.length;
}

/**
 * Recomputes each week, month and school year holding one of the days, once. Devices reached are not
 * counted over a school year: too costly on every late arrival (establishmentPeriods.PeriodSpan).
 */
export async function recomputePeriods(trx: Trx, tenantId: string, establishmentId: string, days: readonly string[]) {
  const periods = new Map(days.flatMap(periodsOf).map((p) => [`${p.granularity}/${p.start}`, p]));
  for (const p of periods.values()) {
    await establishmentPeriods.recompute(trx, tenantId, establishmentId, { ...p, withReach: p.granularity !== 'school_year' });
  }
}
