// French UAI (unité administrative immatriculée): 7 characters then a check letter. The letter is
// the 7-digit number modulo 23 mapped onto the alphabet without I, O and Q.
const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The check letter of a UAI's first seven digits. */
export function uaiCheckLetter(digits: string): string {
  if (!/^\d{7}$/.test(digits)) throw new RangeError(`UAI digits must be 7 digits, got "${digits}"`);
  return CHECK_LETTERS[Number(digits) % 23]!;
}

/** True when the string is 7 digits followed by the right check letter (upper case). */
export function isValidUai(uai: string): boolean {
  return /^\d{7}[A-Z]$/.test(uai) && uaiCheckLetter(uai.slice(0, 7)) === uai[7];
}
