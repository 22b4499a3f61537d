import { readFileSync } from 'node:fs';
import { parseCsvRows } from './csv-rows.ts';
import { localDate } from './local-time.ts';

/** Days off from `start` (inclusive) to `end` (exclusive: classes resume that morning). */
export interface HolidayPeriod {
  zone: string;
  start: string;
  end: string;
  description: string;
  schoolYear: string;
}

const ZONES: Record<string, string> = {
  'zone a': 'A', 'zone b': 'B', 'zone c': 'C', corse: 'corse', guadeloupe: 'guadeloupe', martinique: 'martinique',
  guyane: 'guyane', 'réunion': 'reunion', reunion: 'reunion', 'la réunion': 'reunion', mayotte: 'mayotte',
  'nouvelle calédonie': 'nouvelle_caledonie', 'nouvelle-calédonie': 'nouvelle_caledonie', 'polynésie': 'polynesie',
  'saint pierre et miquelon': 'saint_pierre_et_miquelon', 'wallis et futuna': 'wallis_et_futuna',
};

/** IANA time zone of each calendar zone: where the school day is counted. */
export const ZONE_TIME_ZONES: Record<string, string> = {
  A: 'Europe/Paris', B: 'Europe/Paris', C: 'Europe/Paris', corse: 'Europe/Paris', guadeloupe: 'America/Guadeloupe',
  martinique: 'America/Martinique', guyane: 'America/Cayenne', reunion: 'Indian/Reunion', mayotte: 'Indian/Mayotte',
  nouvelle_caledonie: 'Pacific/Noumea', polynesie: 'Pacific/Tahiti', saint_pierre_et_miquelon: 'America/Miquelon',
  wallis_et_futuna: 'Pacific/Wallis',
};

// The dataset's timestamps are midnight Paris time serialised in UTC ("2026-10-09T22:00:00+00:00"):
// the official date is the Paris date of that instant, whatever the zone.
function officialDate(value: string): string {
  return value.length <= 10 ? value : localDate(new Date(value), 'Europe/Paris');
}

export class CalendarFormatError extends Error {
  override name = 'CalendarFormatError';
}

/** Parses an export of the official dataset fr-en-calendrier-scolaire (CSV, `;`). */
export function parseCalendarCsv(text: string): HolidayPeriod[] {
  let parsed: string[][];
  try {
    parsed = parseCsvRows(text);
  } catch (error) {
    throw new CalendarFormatError(`not a readable CSV export: ${(error as Error).message}`);
  }
  const [first, ...rows] = parsed;
  const header = first?.map((h) => h.trim().toLowerCase()) ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new CalendarFormatError(`column ${name} missing; expected the fr-en-calendrier-scolaire export`);
    return i;
  };
  const [desc, pop, start, end, zones, year] = ['description', 'population', 'start_date', 'end_date', 'zones', 'annee_scolaire'].map(col) as number[];
  const periods: HolidayPeriod[] = [];
  for (const [n, cells] of rows.entries()) {
    // Rows for teachers only (pre-rentrée) do not close classes.
    if ((cells[pop!] ?? '').trim().toLowerCase() === 'enseignants') continue;
    const zone = ZONES[(cells[zones!] ?? '').trim().toLowerCase()];
    if (!zone) throw new CalendarFormatError(`line ${n + 2}: unknown zone "${cells[zones!]}"`);
    periods.push({ zone, start: officialDate(cells[start!]!.trim()), end: officialDate(cells[end!]!.trim()), description: cells[desc!]!.trim(), schoolYear: cells[year!]!.trim() });
  }
  // The dataset repeats a period per académie: keep one per zone and dates.
  const unique = new Map(periods.map((p) => [`${p.zone}/${p.start}/${p.end}`, p]));
  return [...unique.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** The calendar shipped in data/ (see data/README.md for its provenance). */
export function shippedHolidayPeriods(): HolidayPeriod[] {
  return parseCalendarCsv(readFileSync(new URL('../data/calendrier-scolaire.csv', import.meta.url), 'utf8'));
}
