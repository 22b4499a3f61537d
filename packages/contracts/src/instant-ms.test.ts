import { describe, expect, it } from 'vitest';
import { Instant, instantMs } from './ingest-events.ts';

describe('instantMs', () => {
  it('reads every instant the schema accepts as Date.parse does', () => {
    const samples = [
      '2026-03-29T01:59:59Z',
      '2026-03-29T03:00:00+02:00',
      '2026-10-25T02:30:00.5+01:00',
      '2024-02-29T23:59:59.999-03:30',
      '2026-12-31T23:59:59.123456789+14:00',
      '1999-01-01T00:00:00.1Z',
      '2026-06-01T12:00:00.12-00:00',
      '0042-03-01T00:00:00Z',
    ];
    for (const value of samples) {
      expect(Instant.safeParse(value).success).toBe(true);
      expect(instantMs(value)).toBe(Date.parse(value));
    }
  });
});
