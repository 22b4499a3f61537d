import type { FastifyRequest } from 'fastify';
import type { Logger } from '@vigie/config';
import { auditEvents, type Db } from '@vigie/store';
import { sessionActor } from '../audit/record-event.ts';

/** What happened to a person's session; the one shape the journal records. */
export type SessionEvent =
  | {
      action: 'session.opened';
      tenantId: string;
      sessionId: string;
      displayName: string;
      role: string;
      method: 'link' | 'oidc';
      uais: number;
    }
  | { action: 'session.closed'; tenantId: string; sessionId: string; displayName: string }
  | { action: 'session.closed_everywhere'; tenantId: string; sessionId: string; displayName: string; revoked: number }
  | { action: 'sign_in.refused'; tenantId: string | null; method: 'link' | 'oidc'; reason: string };

/**
 * The single place session events leave the API. They are logged with counts and the session id's
 * prefix (enough to attribute, useless to replay), and recorded in the tenant's journal with the
 * session as actor. A refused sign-in is logged only: anyone can cause one without a token, and the
 * journal must not be a place strangers can fill.
 */
export async function emitSessionEvent(deps: { db: Db; log: Logger }, request: FastifyRequest, event: SessionEvent) {
  const { sessionId, ...rest } = event as SessionEvent & { sessionId?: string };
  deps.log.info({ ...rest, ...(sessionId ? { session: sessionId.slice(0, 8) } : {}) }, event.action);
  if (event.action === 'sign_in.refused') return;
  const { action, tenantId, displayName, sessionId: id, ...details } = event;
  await auditEvents.append(deps.db, tenantId, sessionActor(request, id, displayName), { action, target: { kind: 'session', id }, details });
}
