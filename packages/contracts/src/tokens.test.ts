import { describe, expect, it } from 'vitest';
import { tokenExpiry } from './tokens.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('tokenExpiry', () => {
  it('requires an expiry for connector tokens only', () => {
    expect(tokenExpiry('connector', undefined, 397, NOW)).toMatchObject({ ok: false });
    expect(tokenExpiry('operator', undefined, 397, NOW)).toEqual({ ok: true, expiresAt: null });
  });

  it('accepts 1 to maxDays whole days from now, and nothing else', () => {
    expect(tokenExpiry('connector', 397, 397, NOW)).toEqual({ ok: true, expiresAt: new Date('2028-01-08T12:00:00Z') });
    for (const days of [0, 398, 1.5, -1]) expect(tokenExpiry('operator', days, 397, NOW).ok, String(days)).toBe(false);
  });
});
