import { z } from 'zod';
import { isValidUai } from './uai.ts';

// Pulled sources as configured over REST, stored by the API and read by the worker. The connectors
// package registers one connector per kind; a unit test there keeps both lists equal.
export const SourceKinds = ['intune', 'google', 'jamf_pro', 'jamf_school', 'fleet', 'glpi', 'headwind'] as const;
export type SourceKind = (typeof SourceKinds)[number];

const secret = z.string().min(1).max(20_000);

/** What each kind needs to authenticate; stored encrypted (AES-256-GCM), never returned or logged. */
export const SourceCredentials = {
  intune: z.object({ client_id: secret, client_secret: secret }),
  google: z.object({ client_email: secret, private_key: secret, subject: secret.optional() }),
  jamf_pro: z.object({ client_id: secret, client_secret: secret }),
  jamf_school: z.object({ network_id: secret, api_key: secret }),
  fleet: z.object({ api_token: secret }),
  glpi: z.object({ user_token: secret, app_token: secret.optional() }),
  headwind: z.object({ login: secret, password: secret }),
} as const satisfies Record<SourceKind, z.ZodType>;
export type SourceCredentials = Record<string, string>;

/**
 * Places a device by what its MDM calls its place (org unit path, group, location, device-name
 * prefix): `match` is exact, or a prefix when it ends with "*". The first matching rule wins.
 */
export const MappingRule = z.object({
  match: z.string().trim().min(1).max(300),
  uai: z.string().refine(isValidUai, 'UAI must be 7 digits and its check letter'),
  cart: z.string().trim().min(1).max(100).optional(),
});
export type MappingRule = z.infer<typeof MappingRule>;

/** Non-secret, kind-specific settings (Google customer id, Jamf School locations...). */
export const SourceOptions = z.record(z.string().regex(/^[a-z_]{1,40}$/), z.string().max(500));
