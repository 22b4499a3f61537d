import { describe, expect, it } from 'vitest';
import { reconnectDelay, streamUrl } from './stream.ts';
import { topicsFor } from './topics.ts';

describe('live stream', () => {
  it('reconnects sooner first, then at most every 30 s (±20 % so clients do not return together)', () => {
    expect(reconnectDelay(0, () => 0.5)).toBe(1_000);
    expect(reconnectDelay(2, () => 0.5)).toBe(5_000);
    expect(reconnectDelay(50, () => 0.5)).toBe(30_000);
    expect(reconnectDelay(50, () => 0)).toBe(24_000);
    expect(reconnectDelay(50, () => 1)).toBe(36_000);
  });

  it("opens on the page's own origin, encrypted when the page is", () => {
    expect(streamUrl({ protocol: 'https:', host: 'vigie.cd77.fr' })).toBe('wss://vigie.cd77.fr/v1/stream');
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/v1/stream');
  });

  it('asks each role only for the topics it may read: no alerts for a partner', () => {
    expect(topicsFor('operator')).toEqual(['alerts', 'fleet']);
    expect(topicsFor('partner')).toEqual(['fleet']);
    expect(topicsFor('establishment')).toEqual(['alerts']);
  });
});
