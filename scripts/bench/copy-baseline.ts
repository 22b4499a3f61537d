import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppUsageEvent, HeartbeatEvent } from '@vigie/contracts';
import { cpuSecondsOf } from './cpu-usage.ts';

// The baseline: the same rows written by the fastest path PostgreSQL has (COPY, no conflict checks,
// no device resolution, no rollup), into the same partitioned tables and indexes.

const CHUNK_BYTES = 256 * 1024;
const HEARTBEAT_COLUMNS = 'tenant_id, device_id, observed_at, source_id, battery_pct, free_storage_mb, state';
const APP_USAGE_COLUMNS = 'tenant_id, device_id, started_at, app_id, source_id, app_name, category, duration_s, observed_at';

/** A value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

type ActivityEvent = HeartbeatEvent | AppUsageEvent;

interface Rendered {
  heartbeats: Buffer[];
  appUsage: Buffer[];
  rows: { heartbeats: number; appUsage: number };
}

function chunks() {
  const done: Buffer[] = [];
  let text = '';
  return {
    add(line: string) {
      text += line;
      if (text.length < CHUNK_BYTES) return;
      done.push(Buffer.from(text));
      text = '';
    },
    close(): Buffer[] {
      if (text) done.push(Buffer.from(text));
      return done;
    },
  };
}

/** Renders the events as COPY text in chunks, before the clock starts: the baseline times PostgreSQL only. */
export function renderCopyRows(events: Iterable<ActivityEvent>, tenantId: string, sourceId: string): Rendered {
  const deviceIds = new Map<string, string>();
  const deviceOf = (externalId: string) => {
    let id = deviceIds.get(externalId);
    if (!id) deviceIds.set(externalId, (id = randomUUID()));
    return id;
  };
  const heartbeats = chunks();
  const appUsage = chunks();
  const rows = { heartbeats: 0, appUsage: 0 };
  const line = (values: (string | number | null | undefined)[]) => `${values.map(field).join('\t')}\n`;
  for (const e of events) {
    if (e.type === 'heartbeat') {
      heartbeats.add(line([tenantId, deviceOf(e.device_id), e.observed_at, sourceId, e.battery_pct, e.free_storage_mb, e.state]));
      rows.heartbeats++;
    } else if (e.type === 'app_usage') {
      appUsage.add(
        line([tenantId, deviceOf(e.device_id), e.started_at, e.app_id, sourceId, e.app_name, e.category, e.duration_s, e.observed_at]),
      );
      rows.appUsage++;
    }
  }
  return { heartbeats: heartbeats.close(), appUsage: appUsage.close(), rows };
}

/** Streams the chunks through COPY; returns the CPU seconds its backend spent (null if not local). */
async function copyInto(databaseUrl: string, table: string, columns: string, chunks: Buffer[]): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'vigie-bench-copy' });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const before = cpuSecondsOf(backend);
    const stream = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
    for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
    stream.end();
    await finished(stream);
    const after = cpuSecondsOf(backend);
    return before === null || after === null ? null : after - before;
  } finally {
    await client.end();
  }
}

/** COPYs the rendered rows, both tables at once on two connections: wall seconds and backend CPU seconds. */
export async function copyRows(databaseUrl: string, rendered: Rendered): Promise<{ seconds: number; cpuSeconds: number | null }> {
  const started = performance.now();
  const cpu = await Promise.all([
    copyInto(databaseUrl, 'heartbeats', HEARTBEAT_COLUMNS, rendered.heartbeats),
    copyInto(databaseUrl, 'app_usage', APP_USAGE_COLUMNS, rendered.appUsage),
  ]);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, cpuSeconds: cpu.includes(null) ? null : cpu.reduce((a, b) => a! + b!, 0) };
}
