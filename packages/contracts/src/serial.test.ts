import { describe, expect, it } from 'vitest';
import { serialKey } from './serial.ts';

describe('serial keys', () => {
  it('compare serials across sources regardless of case and spaces', () => {
    expect(serialKey(' pf-3x9k2 ')).toBe('PF-3X9K2');
    expect(serialKey('DMP X1 234')).toBe('DMPX1234');
    expect(serialKey('C02\u00a0XK1ABJGH5')).toBe('C02XK1ABJGH5');
  });

  it.each([
    '',
    '   ',
    '0',
    'Default string',
    'To be filled by O.E.M.',
    'System Serial Number',
    'unknown',
    'N/A',
    '0000000000',
    'XXXXXX',
    'abc',
    null,
    undefined,
  ])('never uses the placeholder %j as a merge key', (value) => expect(serialKey(value)).toBeNull());
});
