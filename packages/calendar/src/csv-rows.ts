import { CsvError, parse } from 'csv-parse/sync';

/** A file that is not readable CSV (a quote never closed...); the message says where. */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

/**
 * Splits a CSV export (`;` by default, as the Éducation nationale's open data) into rows of cells:
 * double-quoted cells (which may hold the separator, newlines and doubled quotes), a leading UTF-8
 * BOM and any line ends; blank rows are dropped. A quote never closed throws CsvFormatError.
 */
export function parseCsvRows(text: string, separator = ';'): string[][] {
  return parseCsvLines(text, separator).map((row) => row.cells);
}

/**
 * As parseCsvRows, with the file line each row starts on (1-based), for error messages a user can
 * find in the file: blank rows dropped and quoted cells spanning lines leave row index and line apart.
 */
export function parseCsvLines(text: string, separator = ';'): { line: number; cells: string[] }[] {
  try {
    const records = parse(text, {
      // The line ends are listed: csv-parse would otherwise take the first one it meets for all.
      delimiter: separator,
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is the line a record ends on; its cells hold the line ends before that.
    return records.map(({ record, info }) => ({
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0),
      cells: record,
    }));
  } catch (error) {
    if (error instanceof CsvError) throw new CsvFormatError(error.message);
    throw error;
  }
}
