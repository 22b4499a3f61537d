import { z } from 'zod';
import { timestamp, Uai } from './api.ts';
import { Roles, type Role } from './vocabulary.ts';

/** The longest a rotated token's predecessor keeps working: a week covers any deployment window. */
export const MAX_OVERLAP_MINUTES = 7 * 24 * 60;

const expiresInDays = z
  .number()
  .int()
  .min(1)
  .describe('days until the token stops working; required for connector tokens, at most TOKEN_MAX_DAYS');

export const TokenInput = z.object({
  role: z.enum(Roles),
  name: z.string().trim().min(1).max(200),
  establishment_uais: z.array(Uai).max(1000).optional(),
  expires_in_days: expiresInDays.optional(),
});
export type TokenInput = z.infer<typeof TokenInput>;

export const TokenCreated = z.object({
  id: z.uuid(),
  role: z.enum(Roles),
  token: z.string().describe('shown once; only its SHA-256 is stored'),
  expires_at: timestamp.nullable().optional(),
});
export type TokenCreated = z.infer<typeof TokenCreated>;

/** A token as listed: never its hash nor its secret. */
export const TokenSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(Roles),
  establishment_uais: z.array(z.string()).describe('the scope of an establishment token; empty = the whole tenant'),
  created_by: z.string().nullable(),
  created_at: timestamp,
  last_used_at: timestamp.nullable().describe('updated at most once a minute'),
  expires_at: timestamp.nullable(),
  rotated_from: z.uuid().nullable(),
});
export type TokenSummary = z.infer<typeof TokenSummary>;

export const TokenRotateInput = z.object({
  overlap_minutes: z.number().int().min(0).max(MAX_OVERLAP_MINUTES).default(0).describe('how long the old token keeps working'),
  expires_in_days: expiresInDays.optional(),
});
export type TokenRotateInput = z.infer<typeof TokenRotateInput>;

export const TokenRotated = TokenCreated.extend({
  previous_id: z.uuid(),
  previous_expires_at: timestamp.describe('when the old token stops working'),
});
export type TokenRotated = z.infer<typeof TokenRotated>;

/** A token ending (revoked, or cut short by a rotation), published to every API process. */
export const TokenEnd = z.object({ token_id: z.uuid(), at: z.iso.datetime() });
export type TokenEnd = z.infer<typeof TokenEnd>;

export type TokenExpiry = { ok: true; expiresAt: Date | null } | { ok: false; message: string };

const DAY_MS = 86_400_000;

/**
 * When a new token ends, or why it may not be created: connector tokens must end (they sit in MDM
 * configurations long after anyone remembers them), and no token ends later than `maxDays`.
 */
export function tokenExpiry(role: Role, expiresInDays: number | undefined, maxDays: number, now = Date.now()): TokenExpiry {
  if (expiresInDays === undefined) {
    return role === 'connector'
      ? { ok: false, message: `a connector token needs an expiry (1 to ${maxDays} days)` }
      : { ok: true, expiresAt: null };
  }
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > maxDays) {
    return { ok: false, message: `expiry must be 1 to ${maxDays} days, got ${expiresInDays}` };
  }
  return { ok: true, expiresAt: new Date(now + expiresInDays * DAY_MS) };
}
