import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes only what needs it, writes nulls empty and instants in UTC', () => {
    const csv = toCsv(['a', 'b', 'c'], [{ a: 'Collège "Vauban", site 2', b: null, c: new Date('2026-11-23T10:00:00Z') }, { a: 1, b: true, c: 'x' }]);
    expect(csv).toBe('a,b,c\r\n"Collège ""Vauban"", site 2",,2026-11-23T10:00:00.000Z\r\n1,true,x\r\n');
  });
});
