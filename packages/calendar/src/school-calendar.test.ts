import { describe, expect, it } from 'vitest';
import { mergePeriods, parseCalendarCsv, parseCalendarJson, shippedHolidayPeriods } from './holiday-periods.ts';
import { easterSunday, publicHolidays } from './public-holidays.ts';
import { createSchoolCalendar } from './school-calendar.ts';

const periods = shippedHolidayPeriods();

describe('public holidays', () => {
  it('compute Easter and the holidays that hang on it', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    const days = publicHolidays(2026);
    expect(days.size).toBe(11);
    expect([...days]).toEqual(expect.arrayContaining(['2026-04-06', '2026-05-14', '2026-05-25', '2026-11-11']));
  });

  it('add Alsace-Moselle and overseas days only where they apply', () => {
    expect(publicHolidays(2026, { alsaceMoselle: true })).toContain('2026-04-03');
    expect(publicHolidays(2026, { zone: 'reunion' })).toContain('2026-12-20');
    expect(publicHolidays(2026, { zone: 'C' }).size).toBe(11);
  });
});

describe('school days', () => {
  const zoneC = createSchoolCalendar({ zone: 'C', periods, rhythm: 'wednesday_afternoon_off' });
  const zoneA = createSchoolCalendar({ zone: 'A', periods, rhythm: 'wednesday_afternoon_off' });
  const ecole = createSchoolCalendar({ zone: 'C', periods, rhythm: 'wednesday_off' });

  it('have classes on an ordinary Monday, none on weekends, holidays or public holidays', () => {
    expect(zoneC.isSchoolDay('2026-11-23')).toBe(true);
    expect(zoneC.isSchoolDay('2026-11-21')).toBe(false);
    expect(zoneC.isSchoolDay('2026-11-11')).toBe(false);
    expect(zoneC.isSchoolDay('2026-10-23')).toBe(false);
    expect(zoneC.isSchoolDay('2026-11-02')).toBe(true);
    expect(zoneC.isSchoolDay('2026-10-16')).toBe(true);
  });

  it('follow each zone: winter holidays differ between A and C', () => {
    expect(zoneC.isSchoolDay('2026-02-24')).toBe(false);
    expect(zoneA.isSchoolDay('2026-02-24')).toBe(true);
    expect(zoneA.isSchoolDay('2026-02-10')).toBe(false);
  });

  it('keep Wednesday morning in collèges, no Wednesday in écoles', () => {
    expect(zoneC.halfDays('2026-11-25')).toEqual({ morning: true, afternoon: false });
    expect(ecole.isSchoolDay('2026-11-25')).toBe(false);
  });

  it('close for the Ascension bridge', () => {
    expect(zoneC.isSchoolDay('2026-05-14')).toBe(false);
    expect(zoneC.isSchoolDay('2026-05-15')).toBe(false);
    expect(zoneC.isSchoolDay('2026-05-18')).toBe(true);
  });
});

describe('the official dataset format', () => {
  it('reads Paris-midnight UTC timestamps as their Paris date and drops teacher-only rows', () => {
    const csv = [
      'description;population;start_date;end_date;location;zones;annee_scolaire',
      'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Créteil;Zone C;2026-2027',
      'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Paris;Zone C;2026-2027',
      'Rentrée scolaire des enseignants;Enseignants;2026-08-30T22:00:00+00:00;2026-08-30T22:00:00+00:00;Paris;Zone C;2026-2027',
    ].join('\n');
    expect(parseCalendarCsv(csv)).toEqual([
      { zone: 'C', start: '2026-10-17', end: '2026-11-02', description: 'Vacances de la Toussaint', schoolYear: '2026-2027' },
    ]);
  });

  it('names the missing column of a file that is not the export', () => {
    expect(() => parseCalendarCsv('a;b\n1;2')).toThrow(/column description missing/);
  });
});

describe('an imported calendar and its exceptions', () => {
  const exported = [
    {
      description: "Vacances d'Hiver",
      population: '-',
      start_date: '2027-02-19T23:00:00+00:00',
      end_date: '2027-03-07T23:00:00+00:00',
      location: 'Paris',
      zones: 'Zone C',
      annee_scolaire: '2026-2027',
    },
    {
      description: "Vacances d'Hiver",
      population: '-',
      start_date: '2027-02-19T23:00:00+00:00',
      end_date: '2027-03-07T23:00:00+00:00',
      location: 'Créteil',
      zones: 'Zone C',
      annee_scolaire: '2026-2027',
    },
  ];

  it('reads the JSON export, as an array or as the records API answers, and names a bad record', () => {
    const expected = [{ zone: 'C', start: '2027-02-20', end: '2027-03-08', description: "Vacances d'Hiver", schoolYear: '2026-2027' }];
    expect(parseCalendarJson(exported)).toEqual(expected);
    expect(parseCalendarJson({ total_count: 2, results: exported })).toEqual(expected);
    expect(parseCalendarJson(exported.map((fields) => ({ fields })))).toEqual(expected);
    expect(() => parseCalendarJson([{ ...exported[0], zones: 'Zone Z' }])).toThrow(/record 0: unknown zone/);
    expect(() => parseCalendarJson([{ ...exported[0], start_date: 'soon' }])).toThrow(/record 0: "soon" is not a date/);
    expect(() => parseCalendarJson({ rows: [] })).toThrow(/expected an array/);
  });

  it("replaces the shipped periods of the zones and school years imported, and applies exceptions, the establishment's first", () => {
    const merged = mergePeriods(periods, parseCalendarJson(exported));
    expect(merged.filter((p) => p.zone === 'C' && p.schoolYear === '2026-2027')).toHaveLength(1);
    expect(merged.filter((p) => p.zone === 'A' && p.schoolYear === '2026-2027').length).toBeGreaterThan(1);
    const calendar = createSchoolCalendar({
      zone: 'C',
      periods: merged,
      rhythm: 'wednesday_afternoon_off',
      exceptions: [
        { start: '2026-11-23', end: '2026-11-24', classes: true },
        { start: '2026-11-23', end: '2026-11-25', classes: false },
        { start: '2026-11-21', end: '2026-11-22', classes: true },
      ],
    });
    expect(calendar.isSchoolDay('2026-11-23')).toBe(true);
    expect(calendar.isSchoolDay('2026-11-24')).toBe(false);
    expect(calendar.halfDays('2026-11-21')).toEqual({ morning: true, afternoon: true });
    // The import holds zone C's 2026-2027 whole: the shipped Toussaint of that year is gone with it.
    expect(calendar.isSchoolDay('2026-10-19')).toBe(true);
  });
});
