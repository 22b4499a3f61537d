import { createHash } from 'node:crypto';

/** The hash a chain starts from before its first row (and after a purge, the anchor replaces it). */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a journal row that its hash covers: all of them but the hashes. */
export interface HashedEvent {
  tenant_id: string | null;
  seq: number;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  address: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

/**
 * JSON with object keys sorted at every depth: jsonb gives keys back in its own order, so the text
 * hashed at append and at verification must not depend on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256(prev_hash || canonical JSON of the row), hex. */
export function chainHash(prevHash: string, event: HashedEvent): string {
  const row = {
    tenant_id: event.tenant_id,
    seq: event.seq,
    at: event.at,
    actor_kind: event.actor_kind,
    actor_id: event.actor_id,
    actor_name: event.actor_name,
    address: event.address,
    action: event.action,
    target_kind: event.target_kind,
    target_id: event.target_id,
    details: event.details,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');
}
