import type { Logger } from '@vigie/config';
import { rates } from '@vigie/indicators';
import type { LivePublisher } from '@vigie/queue';
import { establishmentDays, type Db } from '@vigie/store';

/**
 * Tells the establishment's live clients its day was rolled up: the activity rate (off school days,
 * no rate) with the presence-based rate, the coverage and the device-days judged on presence beside
 * it, from @vigie/indicators. Best effort, as every live event: a failure is logged, never retried.
 */
export async function publishDayActivity(db: Db, live: LivePublisher, log: Logger, tenantId: string, establishmentId: string, day: string) {
  try {
    const all = (await establishmentDays.list(db, tenantId, establishmentId, { from: day, to: day })).find((r) => r.dimension === 'all');
    if (!all) return;
    const r = rates(all);
    const shown = (x: number | null) => (all.school_day ? x : null);
    await live.publish(tenantId, {
      kind: 'establishment.activity',
      establishment_id: establishmentId,
      day,
      school_day: all.school_day,
      in_service: all.in_service,
      active: all.active,
      activity_rate: shown(r.activity_rate),
      presence_rate: shown(r.presence_rate),
      coverage: shown(r.coverage),
      presence_device_days: r.presence_device_days,
    });
  } catch (err) {
    log.warn({ err, tenantId, establishmentId, day }, 'live event not published');
  }
}
