import { localDate, type HolidayPeriod } from '@vigie/calendar';
import { establishmentDays, rollupDirty, type Db } from '@vigie/store';
import { rollupDay } from '../rollup/rollup-day.ts';
import type { EstablishmentFacts } from './evaluate-rule.ts';
import { outageJudgedNow } from './evaluate-rule.ts';

/**
 * Rolls up today for establishments judged for an outage that have no row for today yet. Data marks
 * its day for a rollup; an establishment whose network is down sends none, so without this its
 * silent day would only be rolled up (and flagged) once it is over.
 */
export async function rollUpToday(
  db: Db,
  holidays: HolidayPeriod[],
  tenantId: string,
  establishments: readonly EstablishmentFacts[],
  now: Date,
) {
  const judged = establishments
    .filter((e) => outageJudgedNow(e, now))
    .map((e) => ({ establishmentId: e.id, day: localDate(now, e.time_zone) }));
  if (judged.length === 0) return 0;
  const days = judged.map((j) => j.day).sort();
  const present = new Set(
    (await establishmentDays.totals(db, tenantId, { from: days[0]!, to: days.at(-1)! })).map((r) => `${r.establishment_id}/${r.day}`),
  );
  const missing = judged.filter((j) => !present.has(`${j.establishmentId}/${j.day}`));
  await rollupDirty.mark(db, tenantId, missing);
  for (const m of missing) await rollupDay(db, holidays, tenantId, m.establishmentId, m.day);
  return missing.length;
}
