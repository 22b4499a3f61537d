import { describe, expect, it } from 'vitest';
import { checkEvent } from './check-event.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
const window = { oldest: now - 400 * 86_400_000, newest: now + 86_400_000 };
const beat = { type: 'heartbeat', device_id: 'd1', observed_at: '2026-11-23T09:00:00+01:00' };

describe('checking one ingest item', () => {
  it('accepts a heartbeat with an offset and strips unknown fields', () => {
    const check = checkEvent({ ...beat, vendor_extra: 1 }, 0, window);
    expect(check).toEqual({ ok: true, event: { ...beat } });
  });

  it('accepts the 29th of February of a leap year', () => {
    const leap = { type: 'daily_activity', device_id: 'd', observed_at: '2026-11-23T09:00:00Z', date: '2024-02-29', active_seconds: 60 };
    expect(checkEvent(leap, 0, window)).toMatchObject({ ok: true });
  });

  it.each([
    [{ ...beat, observed_at: '2026-11-23T09:00:00' }, 'invalid_date', 'observed_at'],
    [{ ...beat, observed_at: '2026-02-30T09:00:00Z' }, 'invalid_date', 'observed_at'],
    [{ ...beat, observed_at: '2026-02-29T09:00:00Z' }, 'invalid_date', 'observed_at'],
    [{ ...beat, observed_at: '2026-04-31T09:00:00Z' }, 'invalid_date', 'observed_at'],
    [{ type: 'daily_activity', device_id: 'd', observed_at: '2026-11-23T09:00:00Z', date: '2025-02-29', active_seconds: 60 }, 'invalid_date', 'date'],
    [{ ...beat, observed_at: '2024-01-01T00:00:00Z' }, 'out_of_range', 'observed_at'],
    [{ ...beat, observed_at: '2026-11-26T00:00:00Z' }, 'out_of_range', 'observed_at'],
    [{ ...beat, battery_pct: -1 }, 'out_of_range', 'battery_pct'],
    [{ ...beat, type: 'HEARTBEAT' }, 'unknown_type', 'type'],
    [{ ...beat, device_id: undefined }, 'invalid_field', 'device_id'],
    [{ type: 'app_usage', device_id: 'd', observed_at: '2026-11-23T09:00:00Z', app_id: 'a', started_at: '2026-11-23T08:00:00Z', duration_s: 90_000 }, 'out_of_range', 'duration_s'],
    [{ ...beat, owner: 'Jean' }, 'personal_data', 'owner'],
    [{ ...beat, device_id: 'd\u00001' }, 'invalid_field', 'device_id'],
    [{ ...beat, state: 'on\u0000' }, 'invalid_field', 'state'],
    [{ ...beat, vendor_extra: { note: '\u0000' } }, 'invalid_field', 'vendor_extra.note'],
  ])('rejects %j as %s on %s', (event, code, field) => {
    const check = checkEvent(event, 3, window);
    expect(check).toMatchObject({ ok: false, result: { index: 3, status: 'rejected', code, field } });
  });
});
