import { describe, expect, it } from 'vitest';
import { OidcRule } from '@vigie/contracts';
import { displayNameOf, mapClaims } from './oidc-mapping.ts';

const rules = [
  { claim: 'groups', equals: 'dsi-cd77', role: 'operator' },
  { claim: 'realm_access.roles', equals: 'vigie-admin', role: 'admin' },
  { claim: 'title', equals: 'Principal', role: 'establishment', uais_claim: 'FrEduRne' },
  { claim: 'groups', equals: 'academie', role: 'partner' },
].map((r) => OidcRule.parse(r));

describe('OpenID claims to role and UAIs', () => {
  it('the first matching rule decides, on a value or a list that contains it', () => {
    expect(mapClaims(rules, { groups: ['profs', 'dsi-cd77', 'academie'] })).toEqual({ role: 'operator', uais: [] });
    expect(mapClaims(rules, { groups: 'academie' })).toEqual({ role: 'partner', uais: [] });
  });

  it('reads nested claims by dotted path', () => {
    expect(mapClaims(rules, { realm_access: { roles: ['vigie-admin'] } })).toEqual({ role: 'admin', uais: [] });
  });

  it("takes an establishment head's UAIs from a claim, FrEduRne values included", () => {
    expect(mapClaims(rules, { title: 'Principal', FrEduRne: ['0770934X$UAJ$PU$N$T3$CLG$340', '0770935Y'] })).toEqual({
      role: 'establishment',
      uais: ['0770934X', '0770935Y'],
    });
  });

  it('grants nothing when no rule matches, or an establishment rule finds no UAI', () => {
    expect(mapClaims(rules, { groups: ['profs'] })).toBeNull();
    expect(mapClaims(rules, { title: 'Principal' })).toBeNull();
    expect(mapClaims(rules, {})).toBeNull();
    expect(mapClaims([], { groups: ['dsi-cd77'] })).toBeNull();
  });

  it('never lets a rule grant the connector role or UAIs to a tenant-wide role', () => {
    expect(OidcRule.safeParse({ claim: 'groups', equals: 'x', role: 'connector' }).success).toBe(false);
    expect(OidcRule.safeParse({ claim: 'groups', equals: 'x', role: 'operator', uais: ['0770934X'] }).success).toBe(false);
    expect(OidcRule.safeParse({ claim: 'groups', equals: 'x', role: 'establishment' }).success).toBe(false);
  });

  it('shows a name, else a username', () => {
    expect(displayNameOf({ name: 'Claire Martin', email: 'c@x.fr' })).toBe('Claire Martin');
    expect(displayNameOf({ given_name: 'Claire', family_name: 'Martin' })).toBe('Claire Martin');
    expect(displayNameOf({ preferred_username: 'cmartin' })).toBe('cmartin');
    expect(displayNameOf({ sub: 'x' })).toBe('Utilisateur OpenID Connect');
  });
});
