// Numbers, rates, money and dates the way the reader's locale writes them ("0,86", "86 %",
// "1 234", "7 déc. 2026"). Every helper takes what the API returns (null included) and never
// rounds a figure into something the API did not say beyond the shown precision.

/** What a missing figure shows: a dash, never 0 (a null rate means "no denominator", not "no use"). */
export const NONE = '—';

export interface Formatters {
  number: (n: number | null | undefined) => string;
  decimal: (n: number | null | undefined, digits?: number) => string;
  percent: (rate: number | null | undefined, digits?: number) => string;
  /** A difference of two rates, in percentage points with its sign ("+5 pts"). */
  points: (delta: number | null | undefined) => string;
  euros: (n: number | null | undefined) => string;
  hours: (seconds: number | null | undefined) => string;
  /** A calendar day "YYYY-MM-DD" (no time zone: the day the API names). */
  date: (day: string | null | undefined) => string;
  /** The month of a calendar day ("décembre 2026"). */
  month: (day: string | null | undefined) => string;
  /** An instant, in the given IANA time zone (the establishment's or the tenant's). */
  dateTime: (iso: string | null | undefined, timeZone: string) => string;
}

const cache = new Map<string, Formatters>();

export function formatters(locale: string): Formatters {
  const hit = cache.get(locale);
  if (hit) return hit;
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const decimal = (digits: number) => {
    let nf = decimals.get(digits);
    if (!nf) decimals.set(digits, (nf = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: digits })));
    return nf;
  };
  const percents = new Map<number, Intl.NumberFormat>();
  const percent = (digits: number) => {
    let nf = percents.get(digits);
    if (!nf) percents.set(digits, (nf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })));
    return nf;
  };
  const points = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
  const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const instants = new Map<string, Intl.DateTimeFormat>();
  const instant = (timeZone: string) => {
    let df = instants.get(timeZone);
    if (!df)
      instants.set(
        timeZone,
        (df = new Intl.DateTimeFormat(locale, {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZone,
        })),
      );
    return df;
  };
  const isNumber = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);
  const f: Formatters = {
    number: (n) => (isNumber(n) ? integer.format(n) : NONE),
    decimal: (n, digits = 2) => (isNumber(n) ? decimal(digits).format(n) : NONE),
    percent: (r, digits = 0) => (isNumber(r) ? percent(digits).format(r) : NONE),
    points: (d) => (isNumber(d) ? `${points.format(d * 100)} pts` : NONE),
    euros: (n) => (isNumber(n) ? euros.format(n) : NONE),
    hours: (s) => (isNumber(s) ? `${hours.format(s / 3600)} h` : NONE),
    date: (d) => {
      if (!d) return NONE;
      const at = new Date(`${d.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(at.getTime()) ? NONE : day.format(at);
    },
    month: (d) => {
      if (!d) return NONE;
      const at = new Date(`${d.slice(0, 7)}-01T00:00:00Z`);
      return Number.isNaN(at.getTime()) ? NONE : month.format(at);
    },
    dateTime: (iso, timeZone) => {
      if (!iso) return NONE;
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? NONE : instant(timeZone).format(at);
    },
  };
  cache.set(locale, f);
  return f;
}
