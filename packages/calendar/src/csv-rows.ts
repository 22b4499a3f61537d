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
  try {
    return parse(text, {
      // The line ends are listed: csv-parse would otherwise take the first one it meets for all.
      delimiter: separator, record_delimiter: ['\r\n', '\n', '\r'], bom: true, relax_column_count: true, relax_quotes: true,
      skip_empty_lines: true, skip_records_with_empty_values: true,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw new CsvFormatError(error.message);
    throw error;
  }
}
