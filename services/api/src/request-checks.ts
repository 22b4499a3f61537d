import { establishments } from '@vigie/store';
import type { AppDeps } from './app.ts';
import type { TenantPrincipal } from './auth.ts';
import { AppError, notFound } from './errors.ts';

/** A from..to range of local dates (YYYY-MM-DD): in order, and at most `maxDays` long. */
export function checkDayRange(from: string, to: string, maxDays: number) {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0) throw new AppError(400, 'invalid_query', 'from must not be after to', 'from');
  if (span > maxDays) throw new AppError(400, 'invalid_query', `at most ${maxDays} days per request`, 'to');
}

/** The establishment with this UAI if the caller may see it, else 404 (no existence leak). */
export async function visibleEstablishment(deps: AppDeps, caller: TenantPrincipal, uai: string) {
  const establishment = await establishments.findByUai(deps.db, caller.tenantId, uai);
  if (!establishment || (caller.establishmentIds && !caller.establishmentIds.includes(establishment.id))) throw notFound('establishment');
  return establishment;
}
