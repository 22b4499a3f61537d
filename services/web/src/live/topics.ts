import type { Role } from '@vigie/contracts/web';

/** Topics each role may follow (docs/alerts.md): partners get counts, never alerts on devices. */
export function topicsFor(role: Role): string[] {
  if (role === 'admin' || role === 'operator') return ['alerts', 'fleet'];
  if (role === 'partner') return ['fleet'];
  if (role === 'establishment') return ['alerts'];
  return [];
}
