import { LiveTopic, type LiveEvent } from '@vigie/contracts';
import type { TenantPrincipal } from '../auth.ts';

// Which topics each role may follow. Partners (académies) see aggregates only; connector tokens
// see the progress of what they feed; establishment tokens see their own establishments.
const ROLE_TOPICS: Record<TenantPrincipal['role'], readonly string[]> = {
  admin: ['alerts', 'fleet', 'establishment', 'ingest', 'sync', 'recompute'],
  operator: ['alerts', 'fleet', 'establishment', 'ingest', 'sync', 'recompute'],
  establishment: ['alerts', 'establishment'],
  partner: ['fleet', 'establishment'],
  connector: ['ingest', 'sync'],
};

export type TopicDecision = { ok: true; topic: LiveTopic } | { ok: false; topic: string; reason: string };

/** Whether `principal` may subscribe to `topic`, with the reason when not. */
export function checkTopic(principal: TenantPrincipal, topic: string): TopicDecision {
  const parsed = LiveTopic.safeParse(topic);
  if (!parsed.success)
    return { ok: false, topic, reason: 'unknown topic; use alerts, fleet, ingest, sync, recompute or establishment:<id>' };
  const [family, establishmentId] = parsed.data.split(':') as [string, string | undefined];
  if (!ROLE_TOPICS[principal.role].includes(family))
    return { ok: false, topic, reason: `the ${principal.role} role cannot follow ${family}` };
  if (establishmentId && principal.establishmentIds && !principal.establishmentIds.includes(establishmentId)) {
    return { ok: false, topic, reason: 'this token is not scoped to that establishment' };
  }
  return { ok: true, topic: parsed.data };
}

/** Whether an event of a topic the principal follows concerns what its token may see. */
export function canSee(principal: TenantPrincipal, event: LiveEvent): boolean {
  const scope = principal.establishmentIds;
  if (!scope) return true;
  if (event.kind === 'establishment.counts' || event.kind === 'establishment.activity') return scope.includes(event.establishment_id);
  if (event.kind.startsWith('alert.') && 'alert' in event)
    return event.alert.establishment_id !== null && scope.includes(event.alert.establishment_id);
  return false;
}

/** The key of what a principal may see: principals with the same scope see the same events. */
export function scopeOf(principal: TenantPrincipal): string {
  return principal.establishmentIds ? principal.establishmentIds.toSorted().join(',') : '*';
}
