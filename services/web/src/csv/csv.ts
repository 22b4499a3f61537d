// CSV as French spreadsheets open it: ";" between fields (the decimal separator is ","), CRLF,
// UTF-8 with a byte-order mark so Excel does not read "é" as "Ã©".

const SEPARATOR = ';';
const BOM = '\uFEFF';

// A cell starting with =, +, -, @, tab or carriage return is run as a formula by spreadsheets
// (OWASP "CSV injection"): a device model or alert title coming from an MDM could carry one.
// Such a cell gets a leading apostrophe, except a plain signed figure such as "-3 pts" or "+1 234".
const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_FIGURE = /^[+-][\d\u202f\u00a0 ]*\d[\d\u202f\u00a0 .,]*( ?[%€]| ?pts| ?h)?$/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) && !SIGNED_FIGURE.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[";\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One CSV document: a header line, then one line per row; every cell neutralised and quoted as needed. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const line = (cells: readonly (string | number | null | undefined)[]) =>
    cells.map((c) => quote(neutralise(c == null ? '' : String(c)))).join(SEPARATOR);
  return BOM + [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

/** A file name safe on every system: letters, digits and dashes, with the date it was made. */
export function csvFileName(name: string, day: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `vigie-${base || 'export'}-${day}.csv`;
}
