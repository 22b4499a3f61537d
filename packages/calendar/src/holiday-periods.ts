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
  'zone a': 'A',
  'zone b': 'B',
  'zone c': 'C',
  corse: 'corse',
  guadeloupe: 'guadeloupe',
  martinique: 'martinique',
  guyane: 'guyane',
  réunion: 'reunion',
  reunion: 'reunion',
  'la réunion': 'reunion',
  mayotte: 'mayotte',
  'nouvelle calédonie': 'nouvelle_caledonie',
  'nouvelle-calédonie': 'nouvelle_caledonie',
  polynésie: 'polynesie',
  'saint pierre et miquelon': 'saint_pierre_et_miquelon',
  'wallis et futuna': 'wallis_et_futuna',
};

/** IANA time zone of each calendar zone: where the school day is counted. */
export const ZONE_TIME_ZONES: Record<string, string> = {
  A: 'Europe/Paris',
  B: 'Europe/Paris',
  C: 'Europe/Paris',
  corse: 'Europe/Paris',
  guadeloupe: 'America/Guadeloupe',
  martinique: 'America/Martinique',
  guyane: 'America/Cayenne',
  reunion: 'Indian/Reunion',
  mayotte: 'Indian/Mayotte',
  nouvelle_caledonie: 'Pacific/Noumea',
  polynesie: 'Pacific/Tahiti',
  saint_pierre_et_miquelon: 'America/Miquelon',
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

const FIELDS = ['description', 'population', 'start_date', 'end_date', 'zones', 'annee_scolaire'] as const;
type CalendarRecord = Partial<Record<(typeof FIELDS)[number], unknown>>;

/** Periods of the dataset's records; `where(i)` names record i in errors (a line, an index). */
function periodsOf(records: CalendarRecord[], where: (i: number) => string): HolidayPeriod[] {
  const periods: HolidayPeriod[] = [];
  for (const [i, r] of records.entries()) {
    const text = (field: (typeof FIELDS)[number]) => {
      const value = r[field];
      if (typeof value !== 'string' || !value.trim()) throw new CalendarFormatError(`${where(i)}: ${field} missing`);
      return value.trim();
    };
    // Rows for teachers only (pre-rentrée) do not close classes.
    if (typeof r.population === 'string' && r.population.trim().toLowerCase() === 'enseignants') continue;
    const zone = ZONES[text('zones').toLowerCase()];
    if (!zone) throw new CalendarFormatError(`${where(i)}: unknown zone "${text('zones')}"`);
    const [start, end] = [text('start_date'), text('end_date')].map((v) => {
      if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) throw new CalendarFormatError(`${where(i)}: "${v}" is not a date`);
      return officialDate(v);
    }) as [string, string];
    periods.push({ zone, start, end, description: text('description'), schoolYear: text('annee_scolaire') });
  }
  // The dataset repeats a period per académie: keep one per zone and dates.
  const unique = new Map(periods.map((p) => [`${p.zone}/${p.start}/${p.end}`, p]));
  return [...unique.values()].sort((a, b) => a.start.localeCompare(b.start) || a.zone.localeCompare(b.zone));
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
  for (const name of FIELDS) {
    if (!header.includes(name)) throw new CalendarFormatError(`column ${name} missing; expected the fr-en-calendrier-scolaire export`);
  }
  const records = rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])) as CalendarRecord);
  return periodsOf(records, (i) => `line ${i + 2}`);
}

/**
 * Parses a JSON export of the same dataset: the export's array of records, the records API's
 * `{ "results": [...] }`, or the older `[{ "fields": {...} }]`.
 */
export function parseCalendarJson(value: unknown): HolidayPeriod[] {
  const list = Array.isArray(value) ? value : (value as { results?: unknown } | null)?.results;
  if (!Array.isArray(list))
    throw new CalendarFormatError('expected an array of records (or { "results": [...] }) of the fr-en-calendrier-scolaire export');
  const records = list.map((r, i) => {
    const record = (r as { fields?: unknown } | null)?.fields ?? r;
    if (!record || typeof record !== 'object') throw new CalendarFormatError(`record ${i}: not an object`);
    return record as CalendarRecord;
  });
  return periodsOf(records, (i) => `record ${i}`);
}

/** The calendar shipped in data/ (see data/README.md for its provenance). */
export function shippedHolidayPeriods(): HolidayPeriod[] {
  return parseCalendarCsv(readFileSync(new URL('../data/calendrier-scolaire.csv', import.meta.url), 'utf8'));
}

/** The shipped periods, with each (zone, school year) a tenant imported replaced by its own. */
export function mergePeriods(shipped: readonly HolidayPeriod[], imported: readonly HolidayPeriod[]): HolidayPeriod[] {
  const covered = new Set(imported.map((p) => `${p.zone}/${p.schoolYear}`));
  return [...shipped.filter((p) => !covered.has(`${p.zone}/${p.schoolYear}`)), ...imported];
}
