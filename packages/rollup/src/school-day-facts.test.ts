import { describe, expect, it } from 'vitest';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { dayFacts, establishmentCalendar, lessonWindows, recentSchoolDays } from './school-day-facts.ts';
import { countSlots, lessonMask, NIGHT_MASK } from './slot-masks.ts';

const periods = shippedHolidayPeriods();
const college = establishmentCalendar({ type: 'college', calendar_zone: 'C', rhythm: null, alsace_moselle: false }, periods);
const ecole = establishmentCalendar({ type: 'ecole', calendar_zone: 'C', rhythm: null, alsace_moselle: false }, periods);
const moselle = establishmentCalendar({ type: 'college', calendar_zone: 'B', rhythm: null, alsace_moselle: true }, periods);

describe('school-day facts', () => {
  it('give the lesson slots of a full day, a Wednesday morning, and none on holidays', () => {
    expect(countSlots(lessonMask({ morning: true, afternoon: true }))).toBe(32);
    expect(dayFacts(college, '2026-11-23')).toMatchObject({ schoolDay: true, halfDays: 2 });
    const wednesday = dayFacts(college, '2026-11-25');
    expect(wednesday).toMatchObject({ schoolDay: true, morning: true, afternoon: false, halfDays: 1 });
    expect(countSlots(wednesday.lessonMask)).toBe(16);
    expect(dayFacts(ecole, '2026-11-25')).toMatchObject({ schoolDay: false, halfDays: 0 });
    expect(countSlots(dayFacts(college, '2026-10-20').lessonMask)).toBe(0);
    expect(countSlots(NIGHT_MASK)).toBe(24);
  });

  it('follow the rhythm of the type unless set, and Alsace-Moselle holidays', () => {
    const fiveDays = establishmentCalendar({ type: 'ecole', calendar_zone: 'C', rhythm: 'five_days', alsace_moselle: false }, periods);
    expect(fiveDays.isSchoolDay('2026-11-25')).toBe(true);
    expect(moselle.isSchoolDay('2026-04-03')).toBe(false);
  });

  it('count back school days across weekends and holidays', () => {
    expect(recentSchoolDays(college, '2026-11-03', 4)).toEqual(['2026-11-03', '2026-11-02', '2026-10-16', '2026-10-15']);
  });
});

describe('lesson windows', () => {
  it('are local lesson hours as instants, across the DST change and overseas', () => {
    const paris = lessonWindows(dayFacts(college, '2026-03-30'), 'Europe/Paris');
    expect(paris.morning!.from.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(lessonWindows(dayFacts(college, '2026-03-27'), 'Europe/Paris').morning!.from.toISOString()).toBe('2026-03-27T07:00:00.000Z');
    expect(lessonWindows(dayFacts(college, '2026-11-25'), 'Indian/Reunion')).toMatchObject({ afternoon: null });
  });
});
