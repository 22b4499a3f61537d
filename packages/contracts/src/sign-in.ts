import { z } from 'zod';

/** Roles a person may sign in with: every token role but 'connector', which is for programs. */
export const PersonRoles = ['admin', 'operator', 'establishment', 'partner'] as const;
export type PersonRole = (typeof PersonRoles)[number];

/** GET /v1/session: who is signed in, and the token every write must echo in x-csrf-token. */
export const SessionInfo = z.object({
  tenant: z.object({ code: z.string(), name: z.string() }),
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
