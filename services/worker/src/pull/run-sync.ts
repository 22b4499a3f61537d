import { eventAcceptor } from '@vigie/accept';
import type { Config, Logger } from '@vigie/config';
import type { ItemResult, PullConnectorJob } from '@vigie/contracts';
import { collect, connectorFor, ConnectorError, createHttpClient, emptyState, planEvents, SyncState } from '@vigie/connectors';
import { createOutbound, parseAllowList, storedAllowList, type Outbound } from '@vigie/outbound';
import type { LivePublisher, Queues } from '@vigie/queue';
import { deviceSources, sources, syncLock, syncRunItems, syncRuns, tenants, type Db } from '@vigie/store';
import { toSettings } from './source-settings.ts';

export interface SyncDeps {
  db: Db;
  queues: Queues;
  config: Readonly<Config>;
  log: Logger;
  /** Where sync progress is published for live clients; none when a sync is run directly. */
  live?: LivePublisher;
  /** The worker's outbound client; a sync run directly builds its own from config. */
  outbound?: Outbound;
}

const PROGRESS_EVERY_PAGES = 10;

const emptyOutcome = (): syncRuns.RunOutcome => ({
  status: 'succeeded',
  pages: 0,
  recordsSeen: 0,
  duplicates: 0,
  devicesCreated: 0,
  devicesUpdated: 0,
  devicesUnchanged: 0,
  eventsAccepted: 0,
  batches: 0,
  rejected: 0,
  rejections: {},
  errorCode: null,
  error: null,
});

/** One sync of one source, at most one at a time per source across every worker (store/sync-lock.ts). */
export async function runSync(deps: SyncDeps, job: PullConnectorJob) {
  const { tenantId, sourceId, trigger } = job;
  const sync = await syncLock.runExclusive(deps.db, sourceId, () => syncLocked(deps, job));
  if (sync.ran) return sync.value;
  const run = await syncRuns.start(deps.db, tenantId, sourceId, trigger);
  await syncRuns.finish(deps.db, tenantId, run.id, {
    ...emptyOutcome(),
    status: 'skipped',
    errorCode: 'already_running',
    error: 'another sync of this source is running',
  });
  // Live clients learn of every run, this one too: the sync they asked for was not started.
  await progressOf(deps, tenantId, sourceId, run.id, deps.log)('skipped', 0, 0, 'already_running');
  return { runId: run.id, status: 'skipped' as const };
}

/** Publishes a run's progress to the tenant's live clients; best effort, a failure is only logged. */
function progressOf(deps: SyncDeps, tenantId: string, sourceId: string, runId: string, log: Logger) {
  return (status: 'running' | syncRuns.RunOutcome['status'], pages: number, recordsSeen: number, errorCode: string | null) =>
    deps.live
      ?.publish(tenantId, {
        kind: 'sync.progress',
        source_id: sourceId,
        run_id: runId,
        status,
        pages,
        records_seen: recordsSeen,
        error_code: errorCode,
      })
      .catch((err: unknown) => log.warn({ err }, 'live event not published'));
}

async function syncLocked(deps: SyncDeps, { tenantId, sourceId, trigger }: PullConnectorJob) {
  const row = await sources.loadForSync(deps.db, tenantId, sourceId);
  if (!row || row.kind === 'push') return { status: 'skipped' as const, reason: 'source not found' };
  if (!row.enabled && trigger === 'schedule') return { status: 'skipped' as const, reason: 'source disabled' };
  await syncRuns.failAbandoned(deps.db, tenantId, sourceId);
  const run = await syncRuns.start(deps.db, tenantId, sourceId, trigger);
  const log = deps.log.child({ tenantId, sourceId, runId: run.id, kind: row.kind });
  const outcome = emptyOutcome();
  let ownOutbound: Outbound | undefined;
  const progress = progressOf(deps, tenantId, sourceId, run.id, log);
  await progress('running', 0, 0, null);
  try {
    const settings = toSettings(row, deps.config);
    const connector = connectorFor(row.kind);
    if (!connector) throw new ConnectorError('config', `no connector for kind ${row.kind} in this build`, { permanent: true });
    const { concurrency: _c, batchEvents: _b, goneAfterSyncs: _g, ...httpOptions } = deps.config.connectors;
    const outbound = deps.outbound ?? (ownOutbound = createOutbound({ allow: parseAllowList(deps.config.outbound.allow) }));
    const allow = storedAllowList(await tenants.outboundAllow(deps.db, tenantId));
    const http = createHttpClient({
      ...httpOptions,
      fetch: (url, init) => outbound.fetch(url, { ...init, allow }),
      onRetry: (info) =>
        log.warn(
          { path: new URL(info.url).pathname, attempt: info.attempt, delayMs: info.delayMs, reason: info.reason },
          'MDM request retried',
        ),
    });
    const collected = await collect(connector, settings, http, (p) => {
      if (p.pages % PROGRESS_EVERY_PAGES !== 0) return;
      log.info(p, 'sync progress');
      void progress('running', p.pages, p.recordsSeen, null);
      void syncRuns.progress(deps.db, tenantId, run.id, p.pages, p.recordsSeen).catch(() => undefined);
    });
    const previous = SyncState.safeParse(row.sync_state);
    const plan = planEvents(
      collected,
      previous.success ? previous.data : emptyState(),
      settings.mapping,
      new Date().toISOString(),
      settings.options,
    );
    const accepted = await eventAcceptor({ ...deps, log }).accept({
      tenantId,
      sourceId,
      events: plan.events,
      unknownPlace: 'unplace',
      batchEvents: Math.min(deps.config.connectors.batchEvents, deps.config.ingest.maxEvents),
    });
    await syncRunItems.record(
      deps.db,
      tenantId,
      run.id,
      accepted.results.map((r) => {
        const event = plan.events[r.index];
        return {
          recordId: typeof event?.device_id === 'string' ? event.device_id : null,
          eventType: typeof event?.type === 'string' ? event.type : null,
          ...r,
        };
      }),
    );
    // Saved only once every batch is committed: a sync that dies earlier is simply sent again.
    await sources.saveSyncState(deps.db, tenantId, sourceId, plan.state);
    // The list was read to its end: what it no longer holds counts a miss (devices gone from the MDM).
    const presence = await deviceSources.markListed(
      deps.db,
      tenantId,
      sourceId,
      [...collected.devices.keys()],
      deps.config.connectors.goneAfterSyncs,
    );
    if (presence.gone + presence.back > 0) log.info(presence, 'device links gone or back');
    Object.assign(outcome, {
      pages: collected.pages,
      recordsSeen: collected.recordsSeen,
      duplicates: collected.duplicates,
      devicesCreated: plan.created,
      devicesUpdated: plan.updated,
      devicesUnchanged: plan.unchanged,
      eventsAccepted: accepted.accepted,
      batches: accepted.batchIds.length,
      rejected: accepted.rejected,
      rejections: countByCode(accepted.results),
    });
  } catch (error) {
    if (!(error instanceof ConnectorError)) {
      await syncRuns.finish(deps.db, tenantId, run.id, {
        ...outcome,
        status: 'failed',
        errorCode: 'internal',
        error: 'internal error; see the worker log',
      });
      await progress('failed', outcome.pages, outcome.recordsSeen, 'internal');
      throw error;
    }
    Object.assign(outcome, { status: 'failed', errorCode: error.code, error: error.message });
  } finally {
    ownOutbound?.close();
  }
  await syncRuns.finish(deps.db, tenantId, run.id, outcome);
  await progress(outcome.status, outcome.pages, outcome.recordsSeen, outcome.errorCode);
  const { rejections: _r, ...counts } = outcome;
  log.info(counts, 'sync finished');
  return { runId: run.id, ...counts };
}

/** "code:field" -> count, the run's summary of what was refused or accepted without a field. */
function countByCode(results: ItemResult[]) {
  const counts: Record<string, number> = {};
  for (const r of results) counts[`${r.code}:${r.field ?? ''}`] = (counts[`${r.code}:${r.field ?? ''}`] ?? 0) + 1;
  return counts;
}
