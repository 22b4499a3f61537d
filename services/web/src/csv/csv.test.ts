import { describe, expect, it } from 'vitest';
import { csvFileName, neutralise, toCsv } from './csv.ts';

describe('CSV', () => {
  it('separates with ";", ends lines with CRLF and starts with a byte-order mark', () => {
    const csv = toCsv(
      ['Établissement', 'Taux'],
      [
        ['Collège Vauban', '86 %'],
        ['Collège Hugo', '0,5'],
      ],
    );
    expect(csv).toBe('\uFEFFÉtablissement;Taux\r\nCollège Vauban;86 %\r\nCollège Hugo;0,5\r\n');
  });

  it('quotes cells holding a separator, a quote or a line break', () => {
    const csv = toCsv(['a'], [['x;y'], ['il a dit "oui"'], ['deux\nlignes']]);
    expect(csv.split('\r\n').slice(1, 4)).toEqual(['"x;y"', '"il a dit ""oui"""', '"deux\nlignes"']);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(neutralise('=HYPERLINK("http://x","clic")')).toBe('\'=HYPERLINK("http://x","clic")');
    expect(neutralise('+33 1 23')).toBe('+33 1 23');
    expect(neutralise("-cmd|' /C calc'!A0")).toBe("'-cmd|' /C calc'!A0");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('\t=1+1')).toBe("'\t=1+1");
    expect(neutralise('-2+3')).toBe("'-2+3");
    expect(toCsv(['m'], [['=1+1']])).toContain("\r\n'=1+1\r\n");
  });

  it('keeps signed figures as they are shown', () => {
    expect(neutralise('-3 pts')).toBe('-3 pts');
    expect(neutralise('+5 pts')).toBe('+5 pts');
    expect(neutralise('-1\u202f234,5')).toBe('-1\u202f234,5');
    expect(neutralise('-12 %')).toBe('-12 %');
  });

  it('writes empty cells for missing values', () => {
    expect(toCsv(['a', 'b'], [[null, undefined]])).toBe('\uFEFFa;b\r\n;\r\n');
  });

  it('names files without accents or spaces', () => {
    expect(csvFileName("Vue d'ensemble : établissements", '2026-12-07')).toBe('vigie-vue-d-ensemble-etablissements-2026-12-07.csv');
  });
});
