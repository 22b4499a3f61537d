import { mergePeriods, type HolidayPeriod, type SchoolCalendar } from '@vigie/calendar';
import { establishmentCalendar, type EstablishmentCalendarInput } from '@vigie/rollup';
import { calendarExceptions, calendarPeriods, type Db, type Trx } from '@vigie/store';

type Place = EstablishmentCalendarInput & { id: string };

/**
 * The school calendars of a tenant's establishments, as its rollups and alerts count school days:
 * the shipped holiday periods with the zones and school years the tenant imported replaced by its
 * own, its zone corrections and each establishment's exceptions; `rhythm` is the tenant's rhythm
 * for establishments that set none (null: their type's). Two queries, whatever the number of places.
 */
export async function schoolCalendars(
  db: Db | Trx,
  shipped: readonly HolidayPeriod[],
  tenantId: string,
  places: readonly Place[],
  rhythm: string | null,
) {
  const [imported, exceptions] = await Promise.all([calendarPeriods.list(db, tenantId), calendarExceptions.list(db, tenantId)]);
  const periods = mergePeriods(shipped, imported);
  const calendars = new Map<string, SchoolCalendar>();
  for (const e of places) {
    const own = exceptions.filter((x) => x.establishment_id === e.id);
    const zone = exceptions.filter((x) => x.zone === e.calendar_zone);
    const applying = [...own, ...zone].map((x) => ({ start: x.start_date, end: x.end_date, classes: x.kind === 'classes' }));
    calendars.set(e.id, establishmentCalendar({ ...e, rhythm: e.rhythm ?? rhythm }, periods, applying));
  }
  return calendars;
}

/** One establishment's school calendar (its rhythm already resolved in `e.rhythm`). */
export async function schoolCalendar(db: Db | Trx, shipped: readonly HolidayPeriod[], tenantId: string, e: Place): Promise<SchoolCalendar> {
  const [imported, exceptions] = await Promise.all([
    calendarPeriods.list(db, tenantId, e.calendar_zone),
    calendarExceptions.forEstablishment(db, tenantId, e.id, e.calendar_zone),
  ]);
  return establishmentCalendar(e, mergePeriods(shipped, imported), exceptions);
}
