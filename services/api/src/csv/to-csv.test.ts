import { describe, expect, it } from 'vitest';
import { toCsv } from './to-csv.ts';

describe('csv', () => {
  it('quotes only what needs it, writes nulls empty and instants in UTC', () => {
    const csv = toCsv(
      ['a', 'b', 'c'],
      [
        { a: 'Collège "Vauban", site 2', b: null, c: new Date('2026-11-23T10:00:00Z') },
        { a: 1, b: true, c: 'x' },
      ],
    );
    expect(csv).toBe('a,b,c\r\n"Collège ""Vauban"", site 2",,2026-11-23T10:00:00.000Z\r\n1,true,x\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas, and leaves numbers alone', () => {
    const rows = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '-12.5', 'ok'].map((a) => ({ a }));
    expect(toCsv(['a'], rows).split('\r\n').slice(1, 6)).toEqual(['"\'=HYPERLINK(""http://x"")"', "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx"]);
    expect(toCsv(['a'], rows)).toContain('\r\n-12.5\r\nok\r\n');
    expect(toCsv(['a'], [{ a: -3 }])).toBe('a\r\n-3\r\n');
  });
});
