import type { OidcRule, PersonRole } from '@vigie/contracts';

const UAI_IN_TEXT = /\b\d{7}[A-Z]\b/;

/** A claim by name, or by dotted path for nested claims (Keycloak's realm_access.roles). */
function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .filter((v) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(String);

/**
 * What a person's claims grant: the first rule whose claim equals (or, as a list, contains) its
 * value decides the role; an establishment head gets the rule's UAIs and those found in its
 * `uais_claim`. Null when no rule matches, or when an establishment rule finds no UAI.
 */
export function mapClaims(rules: readonly OidcRule[], claims: Record<string, unknown>): { role: PersonRole; uais: string[] } | null {
  const rule = rules.find((r) => asList(claimValue(claims, r.claim)).includes(r.equals));
  if (!rule) return null;
  if (rule.role !== 'establishment') return { role: rule.role, uais: [] };
  const fromClaim = rule.uais_claim ? asList(claimValue(claims, rule.uais_claim)).flatMap((v) => UAI_IN_TEXT.exec(v)?.[0] ?? []) : [];
  const uais = [...new Set([...rule.uais, ...fromClaim])];
  return uais.length ? { role: 'establishment', uais } : null;
}

/** The name shown in the dashboard and the logs; the claims' e-mail only when nothing else is given. */
export function displayNameOf(claims: Record<string, unknown>): string {
  const joined = [claims.given_name, claims.family_name].filter((v) => typeof v === 'string' && v).join(' ');
  for (const candidate of [claims.name, joined, claims.preferred_username, claims.email]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim().slice(0, 200);
  }
  return 'Utilisateur OpenID Connect';
}
