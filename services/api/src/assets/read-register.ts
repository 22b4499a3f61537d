import { CsvFormatError, parseCsvLines } from '@vigie/calendar';
import { isValidUai, serialKey, type ErrorCode } from '@vigie/contracts';
import type { assetRegister } from '@vigie/store';

/** One line of the register, as the store keeps it. */
export type RegisterLine = assetRegister.RegisterRow;

export interface LineError {
  line: number;
  code: ErrorCode;
  field: string | null;
  message: string;
}

// Header names accepted for each column: English, and the French a spreadsheet export carries.
const COLUMNS: Record<keyof Omit<RegisterLine, 'serialKey'>, string[]> = {
  serial: ['serial', 'numero_serie', 'numero_de_serie', 'n_serie', 'sn'],
  acquiredOn: ['acquired_on', 'acquisition_date', 'date_acquisition', 'date_achat', 'date_d_achat'],
  priceCents: ['price', 'prix', 'prix_ttc', 'montant'],
  funder: ['funder', 'financeur', 'financement'],
  programme: ['programme', 'program', 'wave', 'vague', 'dotation'],
  warrantyEnd: ['warranty_end', 'fin_garantie', 'date_fin_garantie', 'garantie'],
  establishmentUai: ['uai', 'establishment_uai', 'rne', 'etablissement'],
};

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Splits CSV text into rows with their file line, with ";" or "," as separator, whichever the header uses more. */
function parseCsv(text: string) {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return parseCsvLines(text, (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',');
}

/** A date as YYYY-MM-DD or DD/MM/YYYY (French exports), or undefined if unreadable. */
function readDate(value: string): string | null | undefined {
  const v = value.trim();
  if (v === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2]!.padStart(2, '0'), fr[1]!.padStart(2, '0')] : [];
  if (!y) return undefined;
  const date = `${y}-${m}-${d}`;
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date ? date : undefined;
}

/** "1 234,50 €" or "1234.5" as cents, or undefined if unreadable. */
function readPrice(value: string): number | null | undefined {
  const v = value.replace(/[\s\u00a0€]/g, '').replace(',', '.');
  if (v === '') return null;
  return /^\d+(\.\d{1,2})?$/.test(v) ? Math.round(Number(v) * 100) : undefined;
}

/** Reads an asset register export: one valid line per serial (the last wins), errors by line number. */
export function readRegister(text: string): { lines: RegisterLine[]; errors: LineError[]; count: number } {
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    // Line 1 stands for the file as a whole, as for a missing header.
    return {
      lines: [],
      errors: [{ line: 1, code: 'invalid_field', field: null, message: `the file is not readable CSV: ${error.message}` }],
      count: 0,
    };
  }
  const [header, ...rows] = parsed;
  if (!header) return { lines: [], errors: [{ line: 1, code: 'invalid_field', field: null, message: 'the file is empty' }], count: 0 };
  const names = header.cells.map(normalise);
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, aliases]) => [key, names.findIndex((n) => aliases.includes(n))]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (index.serial < 0)
    return {
      lines: [],
      errors: [{ line: 1, code: 'invalid_field', field: 'serial', message: 'no serial column (serial, numero_serie...)' }],
      count: rows.length,
    };
  const bySerial = new Map<string, RegisterLine>();
  const errors: LineError[] = [];
  rows.forEach(({ line, cells: row }) => {
    const cell = (key: keyof typeof COLUMNS) => (index[key] >= 0 ? (row[index[key]] ?? '').trim() : '');
    const fail = (field: string, message: string, code: ErrorCode = 'invalid_field') => errors.push({ line, code, field, message });
    const serial = cell('serial');
    const key = serialKey(serial);
    if (!key) return fail('serial', `"${serial}" is not a usable serial`);
    const acquiredOn = readDate(cell('acquiredOn'));
    const warrantyEnd = readDate(cell('warrantyEnd'));
    const price = readPrice(cell('priceCents'));
    const uai = cell('establishmentUai').toUpperCase();
    if (acquiredOn === undefined) return fail('acquired_on', 'dates are YYYY-MM-DD or DD/MM/YYYY', 'invalid_date');
    if (warrantyEnd === undefined) return fail('warranty_end', 'dates are YYYY-MM-DD or DD/MM/YYYY', 'invalid_date');
    if (price === undefined) return fail('price', 'a price is a number of euros, e.g. 349,90');
    if (uai && !isValidUai(uai)) return fail('uai', `${uai} is not a valid UAI`);
    bySerial.set(key, {
      serialKey: key,
      serial,
      acquiredOn,
      warrantyEnd,
      priceCents: price,
      establishmentUai: uai || null,
      funder: cell('funder').slice(0, 200) || null,
      programme: cell('programme').slice(0, 200) || null,
    });
  });
  return { lines: [...bySerial.values()], errors, count: rows.length };
}
