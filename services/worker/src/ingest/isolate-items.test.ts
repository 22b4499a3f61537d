import { describe, expect, it } from 'vitest';
import { isolateItems, isTransient } from './isolate-items.ts';

describe('isolating poison items', () => {
  it('stores every valid item and names each bad one with its reason', async () => {
    const stored: number[] = [];
    const store = async (items: number[]) => {
      const bad = items.find((n) => n % 7 === 3);
      if (bad !== undefined) throw Object.assign(new Error(`item ${bad} refused`), { code: '22021' });
      stored.push(...items);
    };
    const items = Array.from({ length: 20 }, (_, i) => i);
    const result = await isolateItems(items, 10, store);
    expect(result.poison.map((p) => [p.index, p.reason])).toEqual([
      [3, 'item 3 refused'],
      [10, 'item 10 refused'],
      [17, 'item 17 refused'],
    ]);
    expect(result.stored).toBe(17);
    expect(stored.sort((a, b) => a - b)).toEqual(items.filter((n) => n % 7 !== 3));
  });

  it('stops at a transient failure, so the whole batch is retried', async () => {
    const store = async () => {
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    };
    await expect(isolateItems([1, 2, 3], 10, store)).rejects.toThrow(/administrator/);
  });

  it('gives up once more items fail than a batch of poison items would hold', async () => {
    const attempts: number[][] = [];
    const store = async (items: number[]) => {
      attempts.push(items);
      throw Object.assign(new Error('no partition of relation "heartbeats" found for row'), { code: '23514' });
    };
    await expect(
      isolateItems(
        Array.from({ length: 1_000 }, (_, i) => i),
        3,
        store,
      ),
    ).rejects.toThrow(/more than 3 items fail/);
    expect(attempts.length).toBeLessThan(50);
  });

  it('tells data errors from passing ones', () => {
    expect(isTransient(Object.assign(new Error('x'), { code: '22021' }))).toBe(false);
    expect(isTransient(Object.assign(new Error('x'), { code: '23514' }))).toBe(false);
    expect(isTransient(Object.assign(new Error('x'), { code: '40P01' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
  });
});
