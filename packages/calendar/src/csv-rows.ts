import { parse } from 'csv-parse/sync';

/**
 * Splits a `;`-separated open-data export into rows of cells: double-quoted cells (which may hold
 * the separator, newlines and doubled quotes), a leading UTF-8 BOM and CRLF line ends; blank rows
 * are dropped; a quote never closed throws csv-parse's CsvError, which says where. csv-parse rather than a hand-written loop: every export Vigie reads (annuaire,
 * school calendar, asset registers) goes through one maintained RFC 4180 reader.
 */
export function parseCsvRows(text: string, separator = ';'): string[][] {
  return parse(text, {
    // The line ends are listed: csv-parse would otherwise take the first one it meets for all.
    delimiter: separator, record_delimiter: ['\r\n', '\n', '\r'], bom: true, relax_column_count: true, relax_quotes: true,
    skip_empty_lines: true, skip_records_with_empty_values: true,
  }) as string[][];
}
