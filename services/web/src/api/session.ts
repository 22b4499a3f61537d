import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { Roles, type Role } from '@vigie/contracts/web';
import { get, setCsrfToken } from './client.ts';

// GET /v1/session: who is signed in, in which tenant, with which role and UAIs. Until the
// sign-in branch's schema reaches @vigie/contracts, the fields the dashboard reads are checked here.
export const SessionView = z.object({
  tenant: z.object({ id: z.string(), code: z.string().optional(), name: z.string(), time_zone: z.string().optional() }).loose(),
  role: z.enum(Roles),
  uais: z.array(z.string()).nullable().optional(),
  csrfToken: z.string(),
  expiresAt: z.string(),
  displayName: z.string().nullable().optional(),
}).loose();
export type SessionView = z.infer<typeof SessionView>;

export const sessionKey = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async ({ signal }) => {
      const session = await get('/v1/session', SessionView, signal);
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Roles that read the whole tenant (establishment heads read their UAIs only). */
export const tenantWide = (role: Role) => role === 'admin' || role === 'operator' || role === 'partner';
/** A partner (académie) reads aggregates and comparisons, never a device list. */
export const seesDevices = (role: Role) => role === 'admin' || role === 'operator' || role === 'establishment';
export const managesFleet = (role: Role) => role === 'admin' || role === 'operator';
