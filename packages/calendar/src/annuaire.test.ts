import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inPerimeter, inseeDepartement, parseAnnuaireCsv, parseAnnuaireJson, parseFlag } from './annuaire.ts';
import { parseCsvRows } from './csv-rows.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/annuaire/${name}`, import.meta.url), 'utf8');

describe('annuaire import', () => {
  const csv = parseAnnuaireCsv(fixture('excerpt.csv'));
  const byUai = new Map(csv.records.map((r) => [r.uai, r]));

  it('reads the label-mode CSV export with its BOM, one establishment per UAI, extra sites reported', () => {
    expect(csv.records).toHaveLength(9);
    expect(csv.rejected).toEqual([]);
    expect(csv.extraSites).toEqual([{ uai: '0770003K', name: 'Collège Jacques Amyot; annexe' }]);
    expect(byUai.get('0770003K')).toMatchObject({
      name: 'Collège Jacques Amyot; site principal',
      type: 'college',
      educationPriority: 'REP+',
      pupils: 612,
    });
  });

  it('keeps codes as strings in INSEE form and the raw value beside them', () => {
    expect(byUai.get('0770934X')).toMatchObject({
      departementCode: '77',
      departementRaw: '077',
      communeCode: '77288',
      regionCode: '11',
      natureCode: '306',
      type: 'lycee',
    });
    expect(inseeDepartement('02A')).toBe('2A');
    expect(inseeDepartement('1')).toBe('01');
    expect(inseeDepartement('974')).toBe('974');
  });

  it('flags closed establishments instead of dropping them, and reads dd/mm/yyyy dates', () => {
    expect(byUai.get('0770004L')).toMatchObject({ closed: true, updatedOn: '2024-06-18' });
    expect(byUai.get('0770001H')).toMatchObject({ closed: false, type: 'ecole', pupils: 212 });
  });

  it('derives zone, time zone and Alsace-Moselle from académie and département', () => {
    expect(byUai.get('0770934X')).toMatchObject({ calendarZone: 'C', timeZone: 'Europe/Paris', alsaceMoselle: false });
    expect(byUai.get('9740001H')).toMatchObject({ calendarZone: 'reunion', timeZone: 'Indian/Reunion' });
    expect(byUai.get('0670001M')).toMatchObject({ calendarZone: 'B', alsaceMoselle: true, publicPrivate: 'Privé' });
    expect(byUai.get('0770005M')!.type).toBe('lycee_professionnel');
  });

  it('reads the JSON export, mixed flag types, and rejects rows that are not establishments', () => {
    const json = parseAnnuaireJson(JSON.parse(fixture('excerpt.json')));
    expect(json.records.map((r) => r.uai)).toEqual(['0770934X', '0771234Y']);
    expect(json.records[0]).toMatchObject({ natureCode: '306', pupils: 730, canteen: true });
    expect(json.records[1]).toMatchObject({ pupils: null, educationPriority: 'REP' });
    expect(json.rejected).toEqual([{ row: 2, reason: expect.stringContaining('not a UAI') }]);
    expect([1, '1', true].map(parseFlag)).toEqual([true, true, true]);
    expect([0, '0', null, '', undefined].map(parseFlag)).toEqual([false, false, false, false, false]);
  });

  it("derives a collectivité's perimeter from its competence", () => {
    const of = (kind: string, territoryCode: string) =>
      csv.records
        .filter((r) => inPerimeter(r, { kind, territoryCode }))
        .map((r) => r.uai)
        .sort();
    expect(of('commune', '77288')).toEqual(['0770001H', '0770002J']);
    expect(of('departement', '077')).toEqual(['0770003K', '0770004L']);
    expect(of('region', '11')).toEqual(['0770005M', '0770934X']);
  });

  it('splits quoted cells holding separators, quotes and newlines', () => {
    expect(parseCsvRows('a;b\r\n"x;y";"say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x;y', 'say "hi"\nthere'],
    ]);
  });
});
