import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const allowEntry = (entry: string) => {
  const [network = '', prefix, extra] = entry.split('/');
  const family = isIP(network);
  if (extra !== undefined) return false;
  if (family === 0) return prefix === undefined && HOST_NAME.test(entry);
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};
// Comma-separated CIDRs, addresses or host names.
const allowList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .refine((entries) => entries.every(allowEntry), 'each entry must be an IP address, a CIDR (10.0.0.0/8) or a host name');

/** Environment variables Vigie reads, parsed once at start-up. Defaults never depend on NODE_ENV. */
export const Env = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/vigie'),
  DATABASE_POOL_MAX: positiveInt.default(10),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  // Every Redis key Vigie writes (BullMQ queues included) starts with this, so deployments and test
  // runs sharing one Redis never collide.
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i)
    .default('vigie'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  API_PUBLIC_URL: z.string().url().optional(),
  INGEST_MAX_EVENTS: positiveInt.max(50_000).default(5_000),
  INGEST_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  INGEST_RATE_PER_MINUTE: positiveInt.default(1_200),
  // Per token (or person's session), per minute, shared by every API process (counted in Redis):
  // GET routes, and the exports among them (BI views), which cost far more per request.
  READ_RATE_PER_MINUTE: positiveInt.default(1_200),
  EXPORT_RATE_PER_MINUTE: positiveInt.default(60),
  // The longest a token may live; connector tokens must have an expiry (docs/security.md).
  TOKEN_MAX_DAYS: positiveInt.max(3_650).default(397),
  // Push sources one connector token may create implicitly by pushing under new names.
  CONNECTOR_MAX_PUSH_SOURCES: positiveInt.max(10_000).default(20),
  // How far back an observation may be dated.
  OBSERVATION_RETENTION_DAYS: positiveInt.default(400),
  // Raw app sessions are kept only this long, for the same reason as check-ins: their sums per
  // device, day and app (app_days) and the quarter hours they started in are what figures read. One
  // older sets its quarter hours only.
  APP_SESSION_RETENTION_DAYS: positiveInt.max(400).default(35),
  // Raw check-ins are kept only this long: they serve to count a replayed check-in once, and
  // device_days already holds what every figure reads (docs/privacy.md). One older arrives as
  // presence only.
  CHECK_IN_RETENTION_DAYS: positiveInt.max(400).default(8),
  OBSERVATION_MAX_FUTURE_MINUTES: positiveInt.default(24 * 60),
  WORKER_CONCURRENCY: positiveInt.max(64).default(4),
  // Ingest jobs one worker holds at once. A source's batches are stored one group at a time: the
  // jobs that arrive meanwhile wait (cheaply) and are stored together in the next group.
  INGEST_JOBS_IN_FLIGHT: positiveInt.max(1_000).default(128),
  INGEST_GROUP_MAX_EVENTS: positiveInt.max(100_000).default(10_000),
  WORKER_ATTEMPTS: positiveInt.max(50).default(8),
  // How long a job stays locked to a worker without renewal: a killed worker's job is retried after it.
  WORKER_LOCK_MS: positiveInt.min(1_000).default(30_000),
  SWEEP_AFTER_SECONDS: positiveInt.default(120),
  SWEEP_EVERY_SECONDS: positiveInt.default(30),
  STORED_BATCH_RETENTION_DAYS: positiveInt.default(7),
  // Journal events older than this are deleted by the daily maintenance; the chain stays verifiable
  // from the last deleted event's hash (its anchor).
  AUDIT_RETENTION_DAYS: positiveInt.default(365),
  // How often each worker checks that Redis still holds the recurring jobs (cron syntax, seconds
  // allowed as a sixth leading field), and registers them again if not.
  SCHEDULE_CHECK_CRON: z.string().min(9).default('* * * * *'),
  // /readyz answers 503 once an accepted batch has waited longer than this unstored.
  READY_MAX_BATCH_AGE_SECONDS: positiveInt.default(600),
  DEFAULT_TIME_ZONE: z.string().default('Europe/Paris'),
  // 32 bytes, base64 or hex: the AES-256-GCM key of MDM credentials at rest. Without it, sources
  // with credentials cannot be created or synced (the API says so), everything else runs.
  SECRETS_KEY: z.string().min(1).optional(),
  // The key SECRETS_KEY replaces, set only during a rotation: it opens values it sealed, never seals
  // (docs/security.md). Remove it once `npm run vigie -- secrets-rotate` has run.
  SECRETS_KEY_PREVIOUS: z.string().min(1).optional(),
  // Syncs one worker process runs at once (each holds one PostgreSQL connection for its lock).
  CONNECTOR_CONCURRENCY: positiveInt.max(16).default(2),
  CONNECTOR_TIMEOUT_MS: positiveInt.default(30_000),
  CONNECTOR_MAX_ATTEMPTS: positiveInt.max(20).default(6),
  CONNECTOR_BACKOFF_BASE_MS: positiveInt.default(1_000),
  CONNECTOR_BACKOFF_MAX_MS: positiveInt.default(60_000),
  // Events per accepted batch a sync writes; the push API's own limit is the ceiling.
  CONNECTOR_BATCH_EVENTS: positiveInt.max(50_000).default(1_000),
  // Complete syncs in a row that must miss a device before its link to that MDM is marked gone.
  CONNECTOR_GONE_AFTER_SYNCS: positiveInt.max(100).default(3),
  // Rollup jobs wait this long after the batch that marked their day, so a burst of batches for one
  // establishment-day is rolled up once rather than once per batch.
  ROLLUP_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  // A day still receiving data is rolled up once it has been quiet for ROLLUP_DELAY_MS, but never
  // later than this after its oldest unrolled data (default: twelve delays, a minute by default).
  ROLLUP_MAX_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  ROLLUP_SWEEP_AFTER_SECONDS: positiveInt.default(120),
  // How far back a change of settings, calendar or placement recomputes rolled-up days: this many
  // school years, the current one included (2: the current and the previous).
  RECOMPUTE_SCHOOL_YEARS: z.coerce.number().int().min(1).max(10).default(2),
  // How often a running recompute reports its progress (live stream, status endpoint).
  RECOMPUTE_PROGRESS_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  // Live streams (/v1/stream). A client whose unsent data exceeds LIVE_MAX_BUFFER_BYTES is dropped
  // (it resumes from its last event id), so a stalled reader never grows the API's heap.
  LIVE_MAX_BUFFER_BYTES: positiveInt.min(1_024).default(256 * 1024),
  LIVE_COALESCE_MS: positiveInt.max(60_000).default(1_000),
  // How often, at most, the workers recompute and publish a tenant's fleet and establishment counts
  // while batches are stored (a few COUNT queries each time); the last change is always published.
  LIVE_SUMMARY_EVERY_MS: positiveInt.max(60_000).default(1_000),
  LIVE_PING_SECONDS: positiveInt.max(600).default(30),
  LIVE_AUTH_TIMEOUT_MS: positiveInt.default(5_000),
  LIVE_RESUME_MAX_EVENTS: positiveInt.max(1_000_000).default(10_000),
  LIVE_RESUME_SECONDS: positiveInt.default(3_600),
  LIVE_MAX_EVENTS_PER_UPDATE: positiveInt.max(10_000).default(200),
  // Open /v1/stream sockets per API process: per token (or session), per client address, and not
  // yet authenticated (all addresses together). Beyond them a socket is closed with 4029.
  LIVE_MAX_SOCKETS_PER_TOKEN: positiveInt.max(1_000_000).default(20),
  LIVE_MAX_SOCKETS_PER_ADDRESS: positiveInt.max(1_000_000).default(500),
  LIVE_MAX_UNAUTHENTICATED: positiveInt.max(1_000_000).default(200),
  // Every tenant's alert rules are evaluated this often, besides after stored batches.
  ALERTS_EVALUATE_EVERY_MINUTES: positiveInt.max(24 * 60).default(15),
  // When the daily digest of the previous day leaves, in DEFAULT_TIME_ZONE (cron syntax).
  ALERTS_DIGEST_CRON: z.string().min(9).default('0 7 * * *'),
  // Webhook deliveries: attempts with exponential backoff from WEBHOOK_BACKOFF_MS (10 s, then 20 s,
  // 40 s... about 21 minutes over 8 attempts); an endpoint whose deliveries fail WEBHOOK_DISABLE_AFTER
  // times in a row is disabled until re-enabled by API.
  WEBHOOK_MAX_ATTEMPTS: positiveInt.max(30).default(8),
  WEBHOOK_BACKOFF_MS: positiveInt.default(10_000),
  WEBHOOK_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  WEBHOOK_DISABLE_AFTER: positiveInt.max(1_000).default(5),
  // E-mail endpoints are served only when SMTP_URL is set (smtp://user:pass@host:587 or smtps://...).
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default('Vigie <vigie@localhost>'),
  // Internal addresses (loopback, private, link-local...) Vigie may still call for webhooks and MDM
  // sources, for every tenant: the demo's and the tests' fake MDM on 127.0.0.1, a platform-wide proxy.
  OUTBOUND_ALLOW: allowList.default([]),
  // Sign-in for people (docs/api.md): a session ends after SESSION_IDLE_MINUTES without a request,
  // and SESSION_MAX_HOURS after sign-in whatever happens; a sign-in link lives LOGIN_LINK_MINUTES.
  SESSION_IDLE_MINUTES: positiveInt.max(24 * 60).default(30),
  SESSION_MAX_HOURS: positiveInt.max(30 * 24).default(12),
  LOGIN_LINK_MINUTES: positiveInt.max(7 * 24 * 60).default(15),
  // The dashboard's build (services/web, `vite build`) that the API serves at /.
  WEB_DIST_DIR: z.string().min(1).optional(),
  // Prometheus metrics are served on listeners of their own, never on the public API port.
  METRICS_HOST: z.string().default('127.0.0.1'),
  API_METRICS_PORT: port.default(9464),
  WORKER_METRICS_PORT: port.default(9465),
  METRICS_TOKEN: z.string().min(16).optional(),
});

export type Config = ReturnType<typeof toConfig>;

/** Whether a URL is plain http on this machine (loopback), the one place http is tolerated. */
export function isLoopbackHttp(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed?.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
}

function toConfig(env: z.infer<typeof Env>) {
  const publicUrl = (env.API_PUBLIC_URL ?? `http://${env.API_HOST}:${env.API_PORT}`).replace(/\/+$/, '');
  return {
    db: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX },
    log: { level: env.LOG_LEVEL },
    api: { host: env.API_HOST, port: env.API_PORT, publicUrl },
    ingest: {
      maxEvents: env.INGEST_MAX_EVENTS,
      maxBytes: env.INGEST_MAX_BYTES,
      ratePerMinute: env.INGEST_RATE_PER_MINUTE,
      maxFutureMinutes: env.OBSERVATION_MAX_FUTURE_MINUTES,
      connectorMaxPushSources: env.CONNECTOR_MAX_PUSH_SOURCES,
    },
    reads: { ratePerMinute: env.READ_RATE_PER_MINUTE, exportRatePerMinute: env.EXPORT_RATE_PER_MINUTE },
    tokens: { maxDays: env.TOKEN_MAX_DAYS },
    retention: {
      observationDays: env.OBSERVATION_RETENTION_DAYS,
      checkInDays: Math.min(env.CHECK_IN_RETENTION_DAYS, env.OBSERVATION_RETENTION_DAYS),
      appSessionDays: Math.min(env.APP_SESSION_RETENTION_DAYS, env.OBSERVATION_RETENTION_DAYS),
      storedBatchDays: env.STORED_BATCH_RETENTION_DAYS,
      auditDays: env.AUDIT_RETENTION_DAYS,
    },
    worker: {
      concurrency: env.WORKER_CONCURRENCY,
      ingestJobsInFlight: env.INGEST_JOBS_IN_FLIGHT,
      ingestGroupMaxEvents: env.INGEST_GROUP_MAX_EVENTS,
      attempts: env.WORKER_ATTEMPTS,
      lockMs: env.WORKER_LOCK_MS,
      sweepAfterSeconds: env.SWEEP_AFTER_SECONDS,
      sweepEverySeconds: env.SWEEP_EVERY_SECONDS,
      scheduleCheckCron: env.SCHEDULE_CHECK_CRON,
    },
    ready: { maxBatchAgeSeconds: env.READY_MAX_BATCH_AGE_SECONDS },
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    secrets: { key: env.SECRETS_KEY ?? null, previousKey: env.SECRETS_KEY_PREVIOUS ?? null },
    connectors: {
      concurrency: env.CONNECTOR_CONCURRENCY,
      timeoutMs: env.CONNECTOR_TIMEOUT_MS,
      maxAttempts: env.CONNECTOR_MAX_ATTEMPTS,
      baseDelayMs: env.CONNECTOR_BACKOFF_BASE_MS,
      maxDelayMs: env.CONNECTOR_BACKOFF_MAX_MS,
      batchEvents: env.CONNECTOR_BATCH_EVENTS,
      goneAfterSyncs: env.CONNECTOR_GONE_AFTER_SYNCS,
    },
    rollup: {
      delayMs: env.ROLLUP_DELAY_MS,
      maxWaitMs: env.ROLLUP_MAX_WAIT_MS ?? env.ROLLUP_DELAY_MS * 12,
      sweepAfterSeconds: env.ROLLUP_SWEEP_AFTER_SECONDS,
    },
    recompute: { schoolYears: env.RECOMPUTE_SCHOOL_YEARS, progressMs: env.RECOMPUTE_PROGRESS_MS },
    live: {
      maxBufferBytes: env.LIVE_MAX_BUFFER_BYTES,
      coalesceMs: env.LIVE_COALESCE_MS,
      summaryEveryMs: env.LIVE_SUMMARY_EVERY_MS,
      pingSeconds: env.LIVE_PING_SECONDS,
      authTimeoutMs: env.LIVE_AUTH_TIMEOUT_MS,
      window: { maxEvents: env.LIVE_RESUME_MAX_EVENTS, seconds: env.LIVE_RESUME_SECONDS },
      maxEventsPerUpdate: env.LIVE_MAX_EVENTS_PER_UPDATE,
      maxSocketsPerToken: env.LIVE_MAX_SOCKETS_PER_TOKEN,
      maxSocketsPerAddress: env.LIVE_MAX_SOCKETS_PER_ADDRESS,
      maxUnauthenticated: env.LIVE_MAX_UNAUTHENTICATED,
    },
    alerts: { evaluateEveryMinutes: env.ALERTS_EVALUATE_EVERY_MINUTES, digestCron: env.ALERTS_DIGEST_CRON },
    smtp: { url: env.SMTP_URL ?? null, from: env.SMTP_FROM },
    outbound: { allow: env.OUTBOUND_ALLOW },
    sessions: {
      idleMinutes: env.SESSION_IDLE_MINUTES,
      maxHours: env.SESSION_MAX_HOURS,
      linkMinutes: env.LOGIN_LINK_MINUTES,
      // Browsers drop Secure cookies over plain http, which only loopback development uses.
      secureCookie: !isLoopbackHttp(publicUrl),
    },
    web: { distDir: path.resolve(env.WEB_DIST_DIR ?? fileURLToPath(new URL('../../../services/web/dist', import.meta.url))) },
    metrics: {
      host: env.METRICS_HOST,
      apiPort: env.API_METRICS_PORT,
      workerPort: env.WORKER_METRICS_PORT,
      token: env.METRICS_TOKEN ?? null,
    },
    webhooks: {
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: env.WEBHOOK_BACKOFF_MS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      disableAfter: env.WEBHOOK_DISABLE_AFTER,
    },
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a frozen Config, or throws naming each bad variable and why. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return deepFreeze(toConfig(parsed.data));
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
