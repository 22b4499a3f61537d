import { enqueue, type Queues } from '@vigie/queue';
import { deviceActivity, deviceAttributes, rollupDirty, type Db, type Trx } from '@vigie/store';

/**
 * Re-resolves devices' attributes outside ingestion (an asset register import, a source's new
 * priority) with the follow-ups an inventory gets from the worker: the days already rolled up
 * without devices now in service there are marked to be redone (their decisions only), and after
 * the commit those rollups and the tenant's obsolescence evaluation are queued.
 */
export async function resolveAttributes(
  db: Db,
  queues: Queues,
  delayMs: number,
  tenantId: string,
  change: (trx: Trx) => Promise<string[]>,
) {
  const marks = await db.transaction().execute(async (trx) => {
    const deviceIds = await change(trx);
    await deviceAttributes.resolve(trx, tenantId, deviceIds);
    const byDay = new Map<string, { establishmentId: string; day: string; deviceIds: string[] | null }>();
    for (const u of await deviceActivity.undecidedDays(trx, tenantId, deviceIds)) {
      const key = `${u.establishmentId}/${u.day}`;
      const mark = byDay.get(key) ?? { establishmentId: u.establishmentId, day: u.day, deviceIds: [] };
      byDay.set(key, { ...mark, deviceIds: mark.deviceIds && [...mark.deviceIds, u.deviceId] });
    }
    // Days rolled up while a device was elsewhere are redone whole there (its stale decision goes).
    for (const d of await deviceActivity.displacedDays(trx, tenantId, deviceIds))
      byDay.set(`${d.establishmentId}/${d.day}`, { ...d, deviceIds: null });
    await rollupDirty.mark(trx, tenantId, [...byDay.values()]);
    return [...byDay.values()];
  });
  // If these are lost, the marks are committed: the rollup sweeper and the daily evaluation catch up.
  await enqueue.rollupDays(
    queues,
    marks.map((m) => ({ tenantId, establishmentId: m.establishmentId, day: m.day })),
    delayMs,
  );
  await enqueue.evaluateObsolescence(queues, { tenantId }, delayMs);
}
