import type { FastifyRequest } from 'fastify';
import { auditEvents, type Db, type Trx } from '@vigie/store';
import type { Principal } from '../auth.ts';

/**
 * The actor of an authenticated request: the person's session (its display name) or the program's
 * token (its name), and the address it came from. The one place a request becomes an actor.
 */
export function actorOf(request: FastifyRequest, principal: Principal | undefined = request.principal): auditEvents.AuditActor {
  if (!principal) return { kind: 'system', id: null, name: 'anonymous', address: request.ip };
  if (principal.session) return sessionActor(request, principal.session.id, principal.session.displayName);
  return { kind: 'token', id: principal.tokenId, name: principal.tokenName, address: request.ip };
}

/** A person's session as the actor, also while it is being opened (there is no principal yet). */
export function sessionActor(request: FastifyRequest, sessionId: string, displayName: string): auditEvents.AuditActor {
  return { kind: 'session', id: sessionId, name: displayName, address: request.ip };
}

/** Records what the caller of `request` did in its tenant's journal (after the change succeeded). */
export function recordEvent(db: Db | Trx, request: FastifyRequest, tenantId: string | null, event: auditEvents.NewAuditEvent) {
  return auditEvents.append(db, tenantId, actorOf(request), event);
}
