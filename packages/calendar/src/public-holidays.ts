import { addDays } from './local-time.ts';

/** Easter Sunday (Gregorian computus, "anonymous" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Abolition of slavery, a public holiday in each overseas département (loi du 30 juin 1983).
const ABOLITION: Record<string, string> = { guadeloupe: '05-27', martinique: '05-22', guyane: '06-10', reunion: '12-20', mayotte: '04-27' };

/**
 * French public holidays (jours fériés) of a calendar year; `zone` adds the overseas abolition day
 * and `alsaceMoselle` Good Friday and 26 December.
 */
export function publicHolidays(year: number, options: { zone?: string; alsaceMoselle?: boolean } = {}): Set<string> {
  const easter = easterSunday(year);
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'];
  const days = new Set([...fixed.map((md) => `${year}-${md}`), addDays(easter, 1), addDays(easter, 39), addDays(easter, 50)]);
  if (options.alsaceMoselle) {
    days.add(addDays(easter, -2));
    days.add(`${year}-12-26`);
  }
  const abolition = options.zone ? ABOLITION[options.zone] : undefined;
  if (abolition) days.add(`${year}-${abolition}`);
  return days;
}
