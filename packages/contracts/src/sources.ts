import { z } from 'zod';
import { isValidUai } from './uai.ts';
import { TimeZone as zone, timestamp } from './api.ts';

// Pulled sources as configured over REST, stored by the API and read by the worker. The connectors
// package registers one connector per kind; a unit test there keeps both lists equal.
export const SourceKinds = ['intune', 'google', 'jamf_pro', 'jamf_school', 'fleet', 'glpi', 'headwind'] as const;
export type SourceKind = (typeof SourceKinds)[number];

const secret = z.string().min(1).max(20_000);

/** What each kind needs to authenticate; stored encrypted (AES-256-GCM), never returned or logged. */
export const SourceCredentials = {
  intune: z.object({ client_id: secret, client_secret: secret }),
  google: z.object({ client_email: secret, private_key: secret, subject: secret.optional() }),
  jamf_pro: z.object({ client_id: secret, client_secret: secret }),
  jamf_school: z.object({ network_id: secret, api_key: secret }),
  fleet: z.object({ api_token: secret }),
  glpi: z.object({ user_token: secret, app_token: secret.optional() }),
  headwind: z.object({ login: secret, password: secret }),
} as const satisfies Record<SourceKind, z.ZodType>;
export type SourceCredentials = Record<string, string>;

/**
 * Places a device by what its MDM calls its place (org unit path, group, location, device-name
 * prefix): `match` is exact, or a prefix when it ends with "*". The first matching rule wins.
 */
export const MappingRule = z.object({
  match: z.string().trim().min(1).max(300),
  uai: z.string().refine(isValidUai, 'UAI must be 7 digits and its check letter'),
  cart: z.string().trim().min(1).max(100).optional(),
});
export type MappingRule = z.infer<typeof MappingRule>;

/** Non-secret, kind-specific settings (Google customer id, Jamf School locations...). */
export const SourceOptions = z.record(z.string().regex(/^[a-z_]{1,40}$/), z.string().max(500));

const cron = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression, e.g. "*/30 7-18 * * 1-5"');

// Each field once, without defaults: a PATCH must leave what it does not name as stored.
const SourceFields = {
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'source is 1-63 letters, digits, dots, dashes or underscores'),
  base_url: z.url({ protocol: /^https?$/ }),
  token_url: z.url({ protocol: /^https?$/ }).nullable(),
  page_size: z.number().int().min(1).max(10_000),
  schedule: cron.nullable(),
  time_zone: zone,
  options: SourceOptions,
  mapping: z.array(MappingRule).max(5_000),
  credentials: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  priority: z.number().int().min(0).max(1_000),
};

/** POST /v1/sources. `credentials` is checked against the kind's shape, then sealed; it is never returned. */
export const SourceInput = z.object({
  ...SourceFields,
  kind: z.enum(SourceKinds),
  token_url: SourceFields.token_url.default(null),
  page_size: SourceFields.page_size.default(100),
  schedule: SourceFields.schedule.default(null),
  time_zone: SourceFields.time_zone.default('Europe/Paris'),
  options: SourceFields.options.default({}),
  mapping: SourceFields.mapping.default([]),
  enabled: SourceFields.enabled.default(true),
  priority: SourceFields.priority.default(100),
});
export type SourceInput = z.infer<typeof SourceInput>;

/** PATCH /v1/sources/{id}: only the fields sent change. */
export const SourcePatch = z.object(SourceFields).partial();

export const Source = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(SourceKinds),
  base_url: z.string(),
  token_url: z.string().nullable(),
  page_size: z.number().int(),
  schedule: z.string().nullable(),
  time_zone: z.string(),
  options: z.record(z.string(), z.string()),
  mapping: z.array(MappingRule),
  enabled: z.boolean(),
  priority: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
});
/** A source in GET /v1/sources: its configuration and how it is doing. */
export const SourceStatus = Source.extend({
  last_run: z
    .object({
      status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
      started_at: timestamp,
      finished_at: timestamp.nullable(),
      error_code: z.string().nullable(),
    })
    .nullable(),
  last_success_at: timestamp.nullable(),
  credentials_set: z.boolean().describe('whether credentials are stored (never their value)'),
  next_run_at: timestamp.nullable().describe('when the schedule fires next; null without a schedule or when disabled'),
  devices: z.number().int().describe('devices this source holds (linked records)'),
});
export const SourceList = z.object({ items: z.array(SourceStatus) });

export const SyncRun = z.object({
  id: z.uuid(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
  duration_ms: z.number().int().nullable(),
  pages: z.number().int(),
  records_seen: z.number().int(),
  duplicates: z.number().int(),
  devices_created: z.number().int(),
  devices_updated: z.number().int(),
  devices_unchanged: z.number().int(),
  events_accepted: z.number().int(),
  batches: z.number().int(),
  rejected: z.number().int(),
  rejections: z.record(z.string(), z.number().int()).describe('"code:field" -> count of refused events'),
  error_code: z.string().nullable(),
  error: z.string().nullable(),
});
export const SyncRunList = z.object({ items: z.array(SyncRun) });

/** One event of a run that was refused, or accepted without a field, named by the source's own id. */
export const SyncRunItem = z.object({
  seq: z.number().int(),
  record_id: z.string().nullable().describe("the device's id in the source"),
  event_type: z.string().nullable(),
  status: z.enum(['rejected', 'accepted']),
  code: z.string(),
  field: z.string().nullable(),
  message: z.string(),
});

/** GET /v1/sources/{id}/runs/{run}: the run and a page of its items; `next_after` pages on. */
export const SyncRunDetail = SyncRun.extend({
  items: z.array(SyncRunItem),
  next_after: z.number().int().nullable().describe('pass as ?after= for the next page; null on the last'),
});
export const SyncQueued = z.object({ source_id: z.uuid(), job_id: z.string() });
