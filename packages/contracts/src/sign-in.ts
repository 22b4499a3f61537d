import { z } from 'zod';
import { Uai } from './api.ts';

/** Roles a person may sign in with: every token role but 'connector', which is for programs. */
export const PersonRoles = ['admin', 'operator', 'establishment', 'partner'] as const;
export type PersonRole = (typeof PersonRoles)[number];

/** GET /v1/session: who is signed in, and the token every write must echo in x-csrf-token. */
export const SessionInfo = z.object({
  /** The tenant's id: the tenant-scoped admin routes (/v1/tenants/{tenantId}/tokens) name it. */
  tenant: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  role: z.enum(PersonRoles),
  /** The UAIs an establishment head may see; empty for the other roles (the whole tenant). */
  uais: z.array(z.string()),
  displayName: z.string(),
  csrfToken: z.string(),
  /** Absolute expiry (sign-in + SESSION_MAX_HOURS). */
  expiresAt: z.iso.datetime(),
  /** When the session ends without another request (SESSION_IDLE_MINUTES), never after expiresAt. */
  idleExpiresAt: z.iso.datetime(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LogoutResult = z.object({ revoked: z.number().int() });
export type LogoutResult = z.infer<typeof LogoutResult>;

const claimName = z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'a claim name (letters, digits, _ : . -)');

/**
 * One rule of an OpenID mapping: a person whose claim `claim` equals `equals` (or, for a list
 * claim, contains it) signs in with `role`. The first matching rule decides. An establishment head
 * gets the rule's `uais` plus the UAIs found in the claim `uais_claim` (for example FrEduRne values
 * "0770934X$UAJ$..."), kept to the tenant's establishments.
 */
export const OidcRule = z
  .object({
    claim: claimName,
    equals: z.string().min(1).max(500),
    role: z.enum(PersonRoles),
    uais: z.array(Uai).max(1000).default([]),
    uais_claim: claimName.optional(),
  })
  .refine((r) => r.role === 'establishment' || (r.uais.length === 0 && !r.uais_claim), {
    message: 'uais and uais_claim are for the establishment role only; other roles see the whole tenant',
    path: ['uais'],
  })
  .refine((r) => r.role !== 'establishment' || r.uais.length > 0 || r.uais_claim, {
    message: 'an establishment rule needs uais or uais_claim',
    path: ['uais'],
  });
export type OidcRule = z.infer<typeof OidcRule>;

/** PUT /v1/auth/oidc: the tenant's OpenID Connect provider and how its claims map to roles. */
export const OidcSettingsInput = z.object({
  issuer: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .describe("the provider's issuer URL (https; http only on loopback)"),
  client_id: z.string().min(1).max(500),
  client_secret: z.string().min(1).max(2_000).optional().describe('write-only; omitted keeps the stored one'),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/))
    .max(20)
    .default(['openid', 'profile', 'email'])
    .refine((s) => s.includes('openid'), 'scopes must include openid'),
  rules: z.array(OidcRule).max(100),
});
export type OidcSettingsInput = z.infer<typeof OidcSettingsInput>;

export const OidcSettings = z.object({
  issuer: z.string(),
  client_id: z.string(),
  client_secret_set: z.boolean(),
  scopes: z.array(z.string()),
  rules: z.array(OidcRule),
  /** Register this at the provider as the client's redirect URI. */
  redirect_uri: z.string(),
  /** Where the dashboard's "Se connecter" button sends people of this tenant. */
  start_url: z.string(),
  updated_at: z.iso.datetime(),
});
export type OidcSettings = z.infer<typeof OidcSettings>;
