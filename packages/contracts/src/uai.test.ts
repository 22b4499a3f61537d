import { describe, expect, it } from 'vitest';
import { isValidUai, uaiCheckLetter } from './uai.ts';

describe('UAI check letters', () => {
  it.each([
    ['0770934', 'X'], // collège in Seine-et-Marne (annuaire de l'éducation)
    ['0750680', 'G'], // lycée Henri-IV, Paris
    ['9740001', 'H'], // 9740001 % 23 = 7, the 8th letter once I is skipped
    ['0000000', 'A'],
  ])('%s takes %s', (digits, letter) => {
    expect(uaiCheckLetter(digits)).toBe(letter);
    expect(isValidUai(digits + letter)).toBe(true);
  });

  it('rejects a wrong letter, lower case, the letters I, O, Q and wrong lengths', () => {
    expect(isValidUai('0770934Y')).toBe(false);
    expect(isValidUai('0770934x')).toBe(false);
    expect(isValidUai('077093X')).toBe(false);
    expect(isValidUai('07709340X')).toBe(false);
    expect('ABCDEFGHJKLMNPRSTUVWXYZ').not.toMatch(/[IOQ]/);
  });
});
