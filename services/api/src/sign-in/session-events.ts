import type { Logger } from '@vigie/config';

/** What happened to a person's session; the one shape the audit log (issue 16) will record. */
export type SessionEvent =
  | { action: 'session.opened'; tenantId: string; sessionId: string; displayName: string; role: string; method: 'link' | 'oidc'; uais: number }
  | { action: 'session.closed'; tenantId: string; sessionId: string; displayName: string }
  | { action: 'session.closed_everywhere'; tenantId: string; sessionId: string; displayName: string; revoked: number }
  | { action: 'sign_in.refused'; tenantId: string | null; method: 'link' | 'oidc'; reason: string };

/**
 * The single place session events leave the API. They are logged with counts and the session id's
 * prefix (enough to attribute, useless to replay); wire the audit log here.
 */
export function emitSessionEvent(log: Logger, event: SessionEvent) {
  const { sessionId, ...rest } = event as SessionEvent & { sessionId?: string };
  log.info({ ...rest, ...(sessionId ? { session: sessionId.slice(0, 8) } : {}) }, event.action);
}
