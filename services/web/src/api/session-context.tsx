import { createContext, useContext } from 'react';
import type { SessionView } from './session.ts';

export const SessionContext = createContext<SessionView | null>(null);

/** The signed-in session (the layout renders pages only once it is known). */
export function useSessionView(): SessionView {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSessionView outside the signed-in layout');
  return session;
}

/** The tenant's time zone, for "today" and times without an establishment. */
export const useTenantZone = () => useSessionView().tenant.time_zone ?? 'Europe/Paris';
