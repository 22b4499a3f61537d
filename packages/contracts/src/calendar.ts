import { z } from 'zod';
import { Uai } from './api.ts';
import { CalendarZones } from './vocabulary.ts';

// The school calendar over the API (docs/api.md, "School calendar").

export const CalendarImportResult = z.object({
  periods: z.number().int().describe('holiday periods imported (one per zone and dates: the dataset repeats them per académie)'),
  removed: z.number().int().describe('periods of the same zones and school years imported before, replaced'),
  zones: z.array(z.string()),
  school_years: z.array(z.string()),
});

export const CalendarPeriod = z.object({
  zone: z.string(),
  school_year: z.string(),
  start: z.iso.date().describe('first day off'),
  end: z.iso.date().describe('the day classes resume'),
  description: z.string(),
  source: z.enum(['imported', 'shipped']),
});
export const CalendarPeriodList = z.object({ items: z.array(CalendarPeriod) });
export const CalendarPeriodQuery = z.object({ zone: z.enum(CalendarZones) });

export const CalendarExceptionKinds = ['holiday', 'closure', 'bridge', 'exams', 'classes'] as const;
const MAX_EXCEPTION_DAYS = 366;

export const CalendarExceptionInput = z
  .strictObject({
    zone: z.enum(CalendarZones).optional().describe('a correction for every establishment of the zone'),
    establishment: Uai.optional().describe('an exception for one establishment (UAI)'),
    kind: z.enum(CalendarExceptionKinds).describe('classes: a day with classes normally off; the others: days without classes'),
    from: z.iso.date(),
    to: z.iso.date().describe('last day, inclusive'),
    description: z.string().trim().max(300).default(''),
  })
  .refine((x) => (x.zone === undefined) !== (x.establishment === undefined), {
    message: 'give either zone or establishment',
    path: ['zone'],
  })
  .refine((x) => x.from <= x.to, { message: 'from must not be after to', path: ['to'] })
  .refine((x) => Date.parse(x.to) - Date.parse(x.from) < MAX_EXCEPTION_DAYS * 86_400_000, {
    message: `at most ${MAX_EXCEPTION_DAYS} days`,
    path: ['to'],
  });

export const CalendarException = z.object({
  id: z.uuid(),
  zone: z.string().nullable(),
  establishment: z.string().nullable().describe('UAI'),
  kind: z.enum(CalendarExceptionKinds),
  from: z.iso.date(),
  to: z.iso.date(),
  description: z.string(),
});
export const CalendarExceptionList = z.object({ items: z.array(CalendarException) });
