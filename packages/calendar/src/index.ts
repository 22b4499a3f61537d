export { addDays, isoWeekday, localDate, localParts, wallClockMs, zonedInstant, type LocalParts } from './local-time.ts';
export { easterSunday, publicHolidays } from './public-holidays.ts';
export {
  CalendarFormatError,
  mergePeriods,
  parseCalendarCsv,
  parseCalendarJson,
  shippedHolidayPeriods,
  ZONE_TIME_ZONES,
  type HolidayPeriod,
} from './holiday-periods.ts';
export {
  createSchoolCalendar,
  defaultRhythm,
  type CalendarException,
  LESSON_HOURS,
  RHYTHMS,
  type RhythmName,
  type SchoolCalendar,
  type WeeklyRhythm,
} from './school-calendar.ts';
export {
  inPerimeter,
  inseeDepartement,
  parseAnnuaireCsv,
  parseAnnuaireJson,
  parseFlag,
  type AnnuaireImport,
  type AnnuaireRecord,
} from './annuaire.ts';
export { isAlsaceMoselle, zoneOfAcademie } from './academies.ts';
export {
  periodEnd,
  periodsOf,
  periodStart,
  previousPeriodStart,
  recomputeHorizon,
  PeriodGranularities,
  type PeriodGranularity,
} from './periods.ts';
export { CsvFormatError, parseCsvLines, parseCsvRows } from './csv-rows.ts';
