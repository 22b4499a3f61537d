/**
 * Reads an amount typed the French way ("420", "349,90", "1 200 €") as euros; "" means no price
 * of the tenant's own (the default applies); anything else is NaN, refused beside its field.
 */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u202f\u00a0€]/g, '').replace(',', '.');
  if (cleaned === '') return null;
  return /^\d+(\.\d{1,2})?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}
