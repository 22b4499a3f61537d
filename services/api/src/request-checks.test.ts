import { describe, expect, it } from 'vitest';
import { reportDay } from './request-checks.ts';

describe('reportDay', () => {
  it("is today in the given time zone: at 23:30 UTC, Paris's next day", () => {
    expect(reportDay(undefined, 'Europe/Paris', new Date('2027-01-14T23:30:00Z'))).toEqual({ day: '2027-01-15', fixed: false });
    expect(reportDay(undefined, 'Europe/Paris', new Date('2027-06-14T22:30:00Z'))).toEqual({ day: '2027-06-15', fixed: false });
    expect(reportDay(undefined, 'America/Cayenne', new Date('2027-01-15T02:30:00Z'))).toEqual({ day: '2027-01-14', fixed: false });
  });

  it('takes as_of as given up to tomorrow UTC, and refuses a later one by field', () => {
    const now = new Date('2027-01-14T23:30:00Z');
    expect(reportDay('2027-01-15', 'Europe/Paris', now)).toEqual({ day: '2027-01-15', fixed: true });
    expect(() => reportDay('2027-01-16', 'Europe/Paris', now)).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'invalid_query', field: 'as_of' }),
    );
  });
});
