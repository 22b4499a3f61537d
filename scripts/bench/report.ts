import type { TableChurn } from './bench-database.ts';
import type { CpuSpent } from './cpu-usage.ts';
import { round } from './stats.ts';

export interface BenchResult {
  date: string;
  machine: string;
  postgres: string;
  events: number;
  concurrency: number;
  setup: { establishments: number; devices: number; workerConcurrency: number; poolMax: number };
  /** The inventory's push until stored, then until the rollups it set off were done (before the clock). */
  inventory: { events: number; seconds: number; rollupSeconds: number };
  sent: { heartbeats: number; appUsage: number; requests: number; retries: number };
  acceptSeconds: number;
  endToEndSeconds: number;
  latencyMs: { p50: number; p99: number; max: number };
  freshnessS: { p50: number; p95: number; max: number };
  rssMb: { api: number | null; worker: number | null };
  cpu: CpuSpent;
  checks: { label: string; stored: number; sent: number }[];
  churn: TableChurn[];
  /** The median of a few COPY runs, each into a fresh tenant. */
  copy: { rows: number; seconds: number; runs: number[]; cpuSeconds: number | null };
  /** --split: CPU while accepting with the worker's ingest queue paused, then while storing. */
  split?: { accept: CpuSpent; store: CpuSpent; storeSeconds: number };
}

const n = new Intl.NumberFormat('en-US');
const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (value: number | null) => (value === null ? 'n/a' : `${round(value, 1)} s`);

export function checksPass(result: BenchResult): boolean {
  return result.checks.every((c) => c.stored === c.sent);
}

/** The one JSON line other tools read: the last line of stdout. */
export function summaryJson(result: BenchResult) {
  const eventsPerS = result.events / result.endToEndSeconds;
  const copyRowsPerS = result.copy.rows / result.copy.seconds;
  return {
    events: result.events,
    concurrency: result.concurrency,
    events_per_s: round(eventsPerS),
    copy_rows_per_s: round(copyRowsPerS),
    ratio: round(eventsPerS / copyRowsPerS, 4),
    p50_ms: round(result.latencyMs.p50, 1),
    p99_ms: round(result.latencyMs.p99, 1),
    freshness_p95_s: round(result.freshnessS.p95, 2),
    api_rss_mb: result.rssMb.api,
    worker_rss_mb: result.rssMb.worker,
    ...(result.split && {
      // End to end then includes the pause: these two are the figures of a split run.
      accept_events_per_s: round(result.events / result.acceptSeconds),
      accept_ratio: round(result.events / result.acceptSeconds / copyRowsPerS, 4),
      store_events_per_s: round(result.events / result.split.storeSeconds),
      store_ratio: round(result.events / result.split.storeSeconds / copyRowsPerS, 4),
    }),
    machine: result.machine,
  };
}

const perEvent = (s: number | null, count: number) => (s === null ? 'n/a' : `${round((s * 1e6) / count)}`);

export function printReport(result: BenchResult) {
  const json = summaryJson(result);
  const { cpu } = result;
  say();
  say(`Vigie ingest benchmark, ${result.date}`);
  say(`  machine      ${result.machine}`);
  say(`  server       ${result.postgres}`);
  say(
    `  fleet        ${result.setup.establishments} collèges (one in La Réunion), ${n.format(result.setup.devices)} devices; 100 events a request, ${result.concurrency} in flight; worker concurrency ${result.setup.workerConcurrency}, pool ${result.setup.poolMax}`,
  );
  say(
    `  inventory    ${n.format(result.inventory.events)} events accepted and stored in ${seconds(result.inventory.seconds)} (${n.format(round(result.inventory.events / result.inventory.seconds))} events/s), its rollups done ${seconds(result.inventory.rollupSeconds)} later, before the clock starts`,
  );
  say(
    `  ingest       ${n.format(result.events)} events (${n.format(result.sent.heartbeats)} heartbeats, ${n.format(result.sent.appUsage)} app sessions), ${n.format(result.sent.requests)} requests, ${result.sent.retries} retries`,
  );
  say(`  accepted     in ${seconds(result.acceptSeconds)}: ${n.format(round(result.events / result.acceptSeconds))} events/s at the API`);
  say(
    `  stored       all in ${seconds(result.endToEndSeconds)} from the first request: ${n.format(json.events_per_s)} events/s end to end`,
  );
  say(`  latency      p50 ${json.p50_ms} ms, p99 ${json.p99_ms} ms, max ${round(result.latencyMs.max)} ms per request`);
  if (result.split) {
    const { accept, store } = result.split;
    say(`  split        the worker's ingest queue paused while pushing, then resumed (end to end and freshness include the pause)`);
    say(
      `  accept only  ${n.format(json.accept_events_per_s!)} events/s, ratio ${json.accept_ratio}; CPU/event api ${perEvent(accept.api, result.events)}, postgres ${perEvent(accept.postgres, result.events)}, redis ${perEvent(accept.redis, result.events)}, this client ${perEvent(accept.bench, result.events)} µs`,
    );
    say(
      `  store only   ${n.format(json.store_events_per_s!)} events/s in ${seconds(result.split.storeSeconds)}, ratio ${json.store_ratio}; CPU/event worker ${perEvent(store.worker, result.events)}, postgres ${perEvent(store.postgres, result.events)}, redis ${perEvent(store.redis, result.events)} µs`,
    );
  }
  say(
    `  freshness    stored_at - accepted: p50 ${round(result.freshnessS.p50, 1)} s, p95 ${json.freshness_p95_s} s, max ${round(result.freshnessS.max, 1)} s`,
  );
  say(`  peak RSS     api ${result.rssMb.api ?? 'n/a'} MiB, worker ${result.rssMb.worker ?? 'n/a'} MiB`);
  say(
    `  CPU time     api ${seconds(cpu.api)}, worker ${seconds(cpu.worker)}, postgres backends ${seconds(cpu.postgres)}, redis (shared) ${seconds(cpu.redis)}, this client ${seconds(cpu.bench)} (over ${seconds(result.endToEndSeconds)} of wall time)`,
  );
  for (const t of result.churn.filter((c) => c.updates > 0)) {
    const hot = `${Math.round((100 * t.hotUpdates) / t.updates)}% HOT`;
    say(
      `  churn        ${t.table}: ${n.format(t.liveRows)} rows, ${n.format(t.updates)} updates (${hot}), ${n.format(t.deadRows)} dead rows, ${round(t.bytes / 1024 ** 2, 1)} MiB`,
    );
  }
  for (const check of result.checks) {
    say(
      `  check        ${check.label}: ${n.format(check.stored)} stored, ${n.format(check.sent)} sent ${check.stored === check.sent ? 'ok' : 'MISMATCH'}`,
    );
  }
  say(
    `  baseline     COPY of ${n.format(result.copy.rows)} rows into heartbeats and app_usage in ${seconds(result.copy.seconds)}: ${n.format(json.copy_rows_per_s)} rows/s (median of ${result.copy.runs.map((r) => `${round(r, 2)} s`).join(', ')})`,
  );
  say(`  ratio        ${json.ratio} (events/s end to end through Vigie / rows/s by COPY)`);
  const vigieCpu = [cpu.api, cpu.worker, cpu.postgres].every((v) => v !== null) ? cpu.api! + cpu.worker! + cpu.postgres! : null;
  if (vigieCpu !== null && result.copy.cpuSeconds !== null) {
    // CPU per event does not depend on what else the machine runs, unlike the wall-clock ratio.
    say(
      `  CPU/event    Vigie ${perEvent(vigieCpu, result.events)} µs (api ${perEvent(cpu.api!, result.events)}, worker ${perEvent(cpu.worker!, result.events)}, postgres ${perEvent(cpu.postgres!, result.events)}); COPY ${perEvent(result.copy.cpuSeconds, result.copy.rows)} µs of postgres per row`,
    );
  }
  say(JSON.stringify(json));
}
