import { createContext, useContext } from 'react';
import type { SessionView } from './session.ts';

export const SessionContext = createContext<SessionView | null>(null);

/** The signed-in session (the layout renders pages only once it is known). */
export function useSessionView(): SessionView {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSessionView outside the signed-in layout');
  return session;
}

// The session does not carry the tenant's zone: metropolitan France unless an establishment's
// own zone applies (pages showing one establishment use its time_zone).
export const useTenantZone = () => 'Europe/Paris';
