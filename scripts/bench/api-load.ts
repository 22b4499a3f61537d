// The request side of bench:api: GETs with a fixed number in flight over keep-alive sockets, and a
// paced push of check-ins at a fixed event rate while they run.
import http from 'node:http';
import { percentile } from './stats.ts';

export interface Target {
  baseUrl: string;
  token: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request; resolves with the status and body, rejects on a socket error. */
export function request(target: Target, method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${target.baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${target.token}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface Latencies {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Per path shape (query string values dropped): p50 and p99, to find which request is slow. */
  byShape: Record<string, { n: number; p50: number; p99: number }>;
}

const shapeOf = (path: string) =>
  path
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
    .replace(/\/\d{7}[A-Z]\//, '/:uai/')
    .replace(/=([^&]*)/g, (_, v: string) => (v === 'true' || v === 'any' ? `=${v}` : '='));

/** `count` requests with `inFlight` at a time, cycling through `paths`; any non-200 answer fails the run. */
export async function measure(target: Target, paths: readonly string[], count: number, inFlight: number): Promise<Latencies> {
  const all: number[] = [];
  const shapes = new Map<string, number[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const path = paths[next++ % paths.length]!;
        const t0 = performance.now();
        const res = await request(target, 'GET', path);
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 300)}`);
        all.push(ms);
        const shape = shapeOf(path);
        if (!shapes.has(shape)) shapes.set(shape, []);
        shapes.get(shape)!.push(ms);
      }
    }),
  );
  const byShape = Object.fromEntries(
    [...shapes].map(([s, v]) => [s, { n: v.length, p50: round(percentile(v, 50)), p99: round(percentile(v, 99)) }]),
  );
  return {
    requests: all.length,
    p50: round(percentile(all, 50)),
    p99: round(percentile(all, 99)),
    max: round(percentile(all, 100)),
    byShape,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export interface Pacer {
  stop(): Promise<{ events: number; requests: number; seconds: number }>;
}

/**
 * Pushes `eventsPerS` check-ins a second, 100 a request, to random devices of the source, every
 * 100 ms a tenth of the second's requests. A request answered with anything but 202/207 stops the run.
 */
export function paceIngest(target: Target, source: string, externalIds: readonly string[], eventsPerS: number): Pacer {
  const perTick = eventsPerS / 10 / 100;
  const started = performance.now();
  let owed = 0;
  let events = 0;
  let requests = 0;
  let failure: Error | null = null;
  const pending = new Set<Promise<unknown>>();
  const send = () => {
    const now = new Date().toISOString();
    const body = JSON.stringify({
      source,
      events: Array.from({ length: 100 }, () => ({
        type: 'heartbeat',
        device_id: externalIds[Math.floor(Math.random() * externalIds.length)]!,
        observed_at: now,
        battery_pct: 80,
      })),
    });
    const p = request(target, 'POST', '/v1/ingest/events', body)
      .then(
        (res) => {
          if (res.status !== 202 && res.status !== 207) failure ??= new Error(`ingest answered ${res.status}: ${res.body.slice(0, 300)}`);
          else events += 100;
        },
        (e: Error) => {
          failure ??= e;
        },
      )
      .finally(() => pending.delete(p));
    pending.add(p);
    requests++;
  };
  const timer = setInterval(() => {
    for (owed += perTick; owed >= 1; owed--) send();
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      if (failure) throw failure;
      return { events, requests, seconds: (performance.now() - started) / 1000 };
    },
  };
}
