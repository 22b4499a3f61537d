import type { RolledUpDay } from './activity-rate.ts';
import type { Firing } from './firing.ts';

/**
 * An establishment whose day so far the rollup flags as an outage (docs/indicators.md: most of its
 * reporting devices silent, with the tenant's outage thresholds), so the alert and the `outage` of
 * GET /v1/establishments/{uai}/activity are one judgement.
 */
export function establishmentOutage(establishmentId: string, today: RolledUpDay | undefined): Firing[] {
  if (!today?.outage) return [];
  return [
    {
      subjectType: 'establishment',
      subjectId: establishmentId,
      establishmentId,
      title: `${today.silent} of ${today.reporting} devices silent today: network or MDM outage?`,
      details: { silent: today.silent, reporting: today.reporting, silent_share: Number((today.silent / today.reporting).toFixed(3)) },
    },
  ];
}
