// The one home of CSV written by the API (BI views, the audit journal).
// RFC 4180 CSV, comma-separated, CRLF line ends: what spreadsheet and BI imports expect.

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): prefixed with a quote, so it
// is shown as text. Numbers (PostgreSQL's numeric arrives as a string) are left alone, negative ones included.
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header line from `columns`, then one line per row. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
