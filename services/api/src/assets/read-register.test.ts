import { describe, expect, it } from 'vitest';
import { readRegister } from './read-register.ts';

describe('asset register CSV', () => {
  it('reads a French spreadsheet export: ";" separator, BOM, French headers, dates and prices', () => {
    const csv =
      "\uFEFFNuméro de série;Date d'achat;Prix TTC;Financeur;Vague;Fin garantie;UAI\r\n" +
      'dmph2k1jq1gc;02/09/2024;"349,90";Département;Vague 2;01/09/2027;0770934x\r\n' +
      'To be filled by O.E.M.;;;;;;\r\n' +
      'SN0002;31/02/2024;;;;;\r\n' +
      'SN0003;;abc;;;;\r\n';
    const { lines, errors, count } = readRegister(csv);
    expect(count).toBe(4);
    expect(lines).toEqual([
      {
        serialKey: 'DMPH2K1JQ1GC',
        serial: 'dmph2k1jq1gc',
        acquiredOn: '2024-09-02',
        priceCents: 34990,
        funder: 'Département',
        programme: 'Vague 2',
        warrantyEnd: '2027-09-01',
        establishmentUai: '0770934X',
      },
    ]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'serial'],
      [4, 'acquired_on'],
      [5, 'price'],
    ]);
  });

  it('reads comma-separated English headers with quoted fields', () => {
    const { lines } = readRegister(
      'serial,acquired_on,price,funder,programme,warranty_end,uai\nSN-001,2025-01-15,1200.5,"Région, DANE",Wave 1,2028-01-15,\n',
    );
    expect(lines[0]).toMatchObject({ serialKey: 'SN-001', priceCents: 120050, funder: 'Région, DANE', establishmentUai: null });
  });

  it('names the file line of a bad row after blank rows and a cell spanning lines', () => {
    const csv = 'serial;funder;price\n\nSN-1;"Département\nde Seine-et-Marne";12\n\nSN-2;;abc\n';
    const { lines, errors } = readRegister(csv);
    expect(lines).toEqual([expect.objectContaining({ serialKey: 'SN-1', funder: 'Département\nde Seine-et-Marne' })]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([[6, 'price']]);
  });

  it('refuses a file whose quote never closes, saying where', () => {
    const { lines, errors } = readRegister('serial;price\nSN-1;"12\nSN-2;13\n');
    expect(lines).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'invalid_field', field: null })]);
    expect(errors[0]!.message).toMatch(/not readable CSV.*line/i);
  });
});
