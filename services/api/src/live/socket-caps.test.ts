import { describe, expect, it } from 'vitest';
import { createSocketCaps } from './socket-caps.ts';

const caps = () => createSocketCaps({ maxSocketsPerToken: 2, maxSocketsPerAddress: 3, maxUnauthenticated: 2 });

describe('socket caps', () => {
  it('counts a socket as unauthenticated until it authenticates, then under its token', () => {
    const c = caps();
    const a = c.admit('10.0.0.1')!;
    const b = c.admit('10.0.0.2')!;
    expect(c.admit('10.0.0.3')).toBeNull();
    expect(a.authenticate('t1')).toBe(true);
    expect(c.admit('10.0.0.3')).not.toBeNull();
    b.release();
    expect(c.stats()).toMatchObject({ unauthenticated: 1, tokens: 1 });
  });

  it('refuses a token at its cap and an address at its cap; a release gives the place back, once', () => {
    const c = caps();
    const slots = [c.admit('10.0.0.1')!, c.admit('10.0.0.1')!];
    expect(slots.map((s) => s.authenticate('t1'))).toEqual([true, true]);
    const third = c.admit('10.0.0.1')!;
    expect(third.authenticate('t1')).toBe(false);
    expect(c.admit('10.0.0.1')).toBeNull();
    slots[0]!.release();
    slots[0]!.release();
    expect(third.authenticate('t1')).toBe(true);
    expect(c.admit('10.0.0.1')).not.toBeNull();
    expect(c.admit('10.0.0.1')).toBeNull();
  });
});
