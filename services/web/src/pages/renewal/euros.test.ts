import { describe, expect, it } from 'vitest';
import { parseEuros } from './euros.ts';

describe('amounts typed in euros', () => {
  it('reads French decimals, spaces and the euro sign', () => {
    expect(parseEuros('420')).toBe(420);
    expect(parseEuros('349,90')).toBe(349.9);
    expect(parseEuros('1 200 €')).toBe(1200);
    expect(parseEuros('1\u202f200')).toBe(1200);
  });

  it('treats an empty field as "use the default" and refuses anything else', () => {
    expect(parseEuros('  ')).toBeNull();
    expect(parseEuros('-5')).toBeNaN();
    expect(parseEuros('12,345')).toBeNaN();
    expect(parseEuros('=1+1')).toBeNaN();
  });
});
