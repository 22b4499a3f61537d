import { useQuery } from '@tanstack/react-query';
import { LogoutResult, SessionInfo, type Role } from '@vigie/contracts/web';
import { get, send, setCsrfToken } from './client.ts';

// GET /v1/session (docs/api.md, "Sign-in for people"): who is signed in, in which tenant, with
// which role and UAIs, and the CSRF token every write echoes.
export type SessionView = SessionInfo;

export const sessionKey = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async ({ signal }) => {
      const session = await get('/v1/session', SessionInfo, signal);
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Signs out (this session, or every session of this person) and returns to the sign-in page. */
export async function signOut(everywhere = false): Promise<void> {
  await send('POST', everywhere ? '/v1/session/logout-all' : '/v1/session/logout', undefined, LogoutResult).catch(() => undefined);
  setCsrfToken(null);
  window.location.assign('/connexion');
}

/** Roles that read the whole tenant (establishment heads read their UAIs only). */
export const tenantWide = (role: Role) => role === 'admin' || role === 'operator' || role === 'partner';
/** A partner (académie) reads aggregates and comparisons, never a device list. */
export const seesDevices = (role: Role) => role === 'admin' || role === 'operator' || role === 'establishment';
export const managesFleet = (role: Role) => role === 'admin' || role === 'operator';
