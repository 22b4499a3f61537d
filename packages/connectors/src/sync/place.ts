import type { MappingRule } from '@vigie/contracts';

/** The establishment (and cart) of the first rule matching one of the record's place names. */
export function place(rules: MappingRule[], keys: string[]): { establishment_uai?: string; cart?: string } {
  for (const rule of rules) {
    const prefix = rule.match.endsWith('*') ? rule.match.slice(0, -1) : null;
    const hit = keys.some((key) => (prefix !== null ? key.startsWith(prefix) : key === rule.match));
    if (hit) return { establishment_uai: rule.uai, ...(rule.cart ? { cart: rule.cart } : {}) };
  }
  return {};
}
