import { z } from 'zod';

// Every class of data Vigie keeps, how long, who may change it and on what legal ground
// (docs/privacy.md is this table in prose). The store's purge (packages/store/src/retention.ts)
// and the tenant setting `retention_days` both follow this list; a class added here without a purge
// does not compile (the store's PURGES has a key for every class not purged elsewhere).

/** Public-service mission of the collectivité (RGPD art. 6.1.e): measuring its equipment's use. */
const MISSION = 'mission de service public (RGPD art. 6.1.e)';
/** Security of the processing (art. 32) within the same mission. */
const SECURITY = 'sécurité du traitement (RGPD art. 32), mission de service public (art. 6.1.e)';

export interface RetentionClass {
  /** What the class holds, in a line. */
  readonly label: string;
  /** Tables (or partitioned parents) it lives in. */
  readonly tables: readonly string[];
  /** Days kept by default; for a class with `env`, that variable's default. */
  readonly defaultDays: number;
  /** Environment variable setting the instance-wide value instead of `defaultDays`. */
  readonly env?: string;
  /** Bounds a tenant may choose within (retention_days setting); null: the instance decides. */
  readonly tenant: { readonly min: number; readonly max: number } | null;
  readonly legalBasis: string;
  /** Who removes it: the daily maintenance job, or another component (named). */
  readonly enforcedBy: 'maintenance' | 'audit-log';
}

export const RETENTION_CLASSES = {
  // Raw check-ins only tell a replayed check-in from a new one: what every figure reads of them
  // (the quarter hours seen, the day's count) is in device_days. Kept past the outbox's 7 days, so
  // a batch stored within it and sent again counts nothing twice.
  check_ins: {
    label: 'raw check-ins (heartbeats), daily partitions',
    tables: ['heartbeats'],
    defaultDays: 8,
    env: 'CHECK_IN_RETENTION_DAYS',
    tenant: { min: 1, max: 400 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  // Likewise raw app sessions: their sums per device, day and app (app_days, a class of device-days)
  // and the quarter hours they started in (device_days) are what figures read. A month and more of
  // late sessions (a device back from the holidays) still counts.
  app_sessions: {
    label: 'raw app sessions (application, category, duration), daily partitions',
    tables: ['app_usage'],
    defaultDays: 35,
    env: 'APP_SESSION_RETENTION_DAYS',
    tenant: { min: 1, max: 400 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  // The days a source reported a device in contact in an inventory (device_contact_days) are read
  // with its device-days as when it was last seen, so they are kept alike.
  device_days: {
    label: 'daily usage per device, and per app, and the days sources reported it in contact (cart, shared room, stock)',
    tables: ['device_days', 'app_days', 'device_contact_days'],
    defaultDays: 400,
    tenant: { min: 30, max: 800 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  // A one-to-one device (assignment 'individual', or 'teacher') follows one person: its daily usage
  // describes a pupil's or a teacher's day, so it goes much sooner than a cart's.
  personal_device_days: {
    label: "daily usage (per app too), contact days and decisions of a one-to-one device (assignment 'individual' or 'teacher')",
    tables: ['device_days', 'app_days', 'device_contact_days', 'device_activity'],
    defaultDays: 120,
    tenant: { min: 30, max: 180 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  device_decisions: {
    label: 'per-device presence/use decisions of the rollup, idle streaks',
    tables: ['device_activity', 'device_idle_streaks'],
    defaultDays: 400,
    tenant: { min: 30, max: 800 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  aggregates: {
    label: 'establishment, cart and tenant rollups (no device, no person)',
    tables: ['establishment_days', 'establishment_periods', 'cart_days', 'tenant_days'],
    defaultDays: 1830,
    tenant: { min: 365, max: 3660 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  failed_batches: {
    label: 'batches that could not be stored, with their raw payload',
    tables: ['ingest_batches'],
    defaultDays: 30,
    tenant: { min: 7, max: 90 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  outbox: {
    label: 'stored batches kept for inspection (the outbox)',
    tables: ['ingest_batches'],
    defaultDays: 7,
    env: 'STORED_BATCH_RETENTION_DAYS',
    tenant: null,
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  deliveries: {
    label: 'webhook and e-mail deliveries (sent or given up) with their payload',
    tables: ['notification_deliveries'],
    defaultDays: 90,
    tenant: { min: 7, max: 365 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  sync_runs: {
    label: 'finished MDM sync runs and their per-record items',
    tables: ['sync_runs', 'sync_run_items'],
    defaultDays: 90,
    tenant: { min: 7, max: 365 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  alerts: {
    label: 'resolved alerts and their transitions',
    tables: ['alerts', 'alert_transitions'],
    defaultDays: 365,
    tenant: { min: 30, max: 1830 },
    legalBasis: MISSION,
    enforcedBy: 'maintenance',
  },
  audit_log: {
    label: 'audit log of administrative actions',
    tables: ['audit_log'],
    defaultDays: 365,
    env: 'AUDIT_RETENTION_DAYS',
    tenant: null,
    legalBasis: SECURITY,
    enforcedBy: 'audit-log',
  },
  people_sessions: {
    label: 'dashboard sessions of people (counted from their expiry or revocation)',
    tables: ['people_sessions'],
    defaultDays: 30,
    tenant: null,
    legalBasis: SECURITY,
    enforcedBy: 'maintenance',
  },
  sign_in_links: {
    label: 'one-time sign-in links and OIDC login states (counted from their expiry)',
    tables: ['login_links', 'oidc_logins'],
    defaultDays: 7,
    tenant: null,
    legalBasis: SECURITY,
    enforcedBy: 'maintenance',
  },
} as const satisfies Record<string, RetentionClass>;

export type RetentionClassId = keyof typeof RETENTION_CLASSES;
export const RetentionClassIds = Object.keys(RETENTION_CLASSES) as RetentionClassId[];

type TenantSettable = { [K in RetentionClassId]: (typeof RETENTION_CLASSES)[K]['tenant'] extends null ? never : K }[RetentionClassId];
export const TenantRetentionClassIds = RetentionClassIds.filter((id) => RETENTION_CLASSES[id].tenant !== null) as TenantSettable[];

/**
 * A tenant's own retention, in days, for the classes it may change (the setting `retention_days`);
 * a class left out keeps the instance's value. Strict: an unknown or instance-only class is a 400.
 */
export const RetentionDays = z
  .strictObject(
    Object.fromEntries(
      TenantRetentionClassIds.map((id) => {
        const { min, max } = RETENTION_CLASSES[id].tenant;
        return [id, z.number().int().min(min).max(max).optional().describe(`${RETENTION_CLASSES[id].label}: ${min} to ${max} days`)];
      }),
    ) as { [K in TenantSettable]: z.ZodOptional<z.ZodNumber> },
  )
  .describe('days kept per data class, for the classes a tenant may change (docs/privacy.md); absent: the default');
export type RetentionDays = z.infer<typeof RetentionDays>;

/** Classes of per-device rows a rollup recomputes a day from. */
export const DEVICE_LEVEL_CLASSES = [
  'device_days',
  'personal_device_days',
  'device_decisions',
] as const satisfies readonly RetentionClassId[];

/** The instance's value of every class: the defaults, with those set by an environment variable. */
export function instanceRetention(fromEnv: Partial<Record<RetentionClassId, number>>): Record<RetentionClassId, number> {
  return Object.fromEntries(RetentionClassIds.map((id) => [id, fromEnv[id] ?? RETENTION_CLASSES[id].defaultDays])) as Record<
    RetentionClassId,
    number
  >;
}

/** Days a tenant keeps a class: its own setting, else the instance's. */
export function tenantRetention(
  instance: Readonly<Record<RetentionClassId, number>>,
  own: RetentionDays,
): Record<RetentionClassId, number> {
  return { ...instance, ...own };
}
