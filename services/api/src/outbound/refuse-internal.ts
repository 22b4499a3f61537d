import { storedAllowList, type AllowList } from '@vigie/outbound';
import { tenants, type Db } from '@vigie/store';
import type { RouteDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';

/** The tenant's own exceptions (set by a platform administrator), as an allow-list. */
export async function tenantAllowList(db: Db, tenantId: string): Promise<AllowList> {
  return storedAllowList(await tenants.outboundAllow(db, tenantId));
}

/**
 * Refuses, as a 400 `internal_address` naming the field, a URL a tenant saves whose host is an
 * internal address or name. Connecting checks again (DNS answers change); this tells the user now.
 */
export async function refuseInternal(deps: RouteDeps, tenantId: string, urls: Record<string, string | null | undefined>) {
  const given = Object.entries(urls).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  if (given.length === 0) return;
  const allow = await tenantAllowList(deps.db, tenantId);
  for (const [field, url] of given) {
    const refusal = deps.outbound.refusal(url, allow);
    if (refusal) throw new AppError(400, 'internal_address', `${field}: ${refusal.message}`, field);
  }
}
