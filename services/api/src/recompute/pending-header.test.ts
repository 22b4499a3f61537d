import { describe, expect, it } from 'vitest';
import { coveredDays } from './pending-header.ts';

describe('the days an answer covers (Pending-Recompute)', () => {
  const now = new Date('2026-12-07T23:30:00Z'); // already 8 December in Paris

  it('names its days by from..to, as_of or the compared periods', () => {
    expect(coveredDays({ from: '2026-11-16', to: '2026-11-20' }, now)).toEqual(['2026-11-16', '2026-11-20']);
    expect(coveredDays({ as_of: '2026-11-20' }, now)).toEqual(['0001-01-01', '2026-11-20']);
    expect(coveredDays({ granularity: 'week', start: '2026-11-19' }, now)).toEqual(['2026-11-09', '2026-11-22']);
  });

  it("covers today's answers back over the recent rollups they read (the idle judgement's 200 school days)", () => {
    expect(coveredDays({}, now)).toEqual(['2026-02-11', '2026-12-08']);
    expect(coveredDays({ idle: 'true', limit: '50' }, now)).toEqual(['2026-02-11', '2026-12-08']);
  });

  it('reaches the day an establishment ahead of Paris is on: at 20:30 UTC, La Réunion is on 8 December', () => {
    expect(coveredDays({}, new Date('2026-12-07T20:30:00Z'))[1]).toBe('2026-12-08');
  });
});
