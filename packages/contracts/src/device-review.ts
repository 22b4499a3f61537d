import { z } from 'zod';
import { ErrorCodes } from './api-error.ts';

const timestamp = z.string().describe('RFC 3339 timestamp');

export const DuplicateList = z.object({
  items: z.array(
    z.object({
      device_id: z.uuid(),
      reason: z.enum(['reenrolled', 'conflicting_kind', 'placeholder_serial']),
      detail: z.array(z.string()).describe('"source: value" pairs: the external ids, kinds or raw serials at stake'),
    }),
  ),
});

export const DeviceProvenance = z.object({
  items: z.array(
    z.object({
      attribute: z.string(),
      value: z.string(),
      source: z.string(),
      priority: z.number().int(),
      observed_at: timestamp,
      winning: z.boolean().describe('the value the device shows: lowest source priority, then newest'),
    }),
  ),
});

export const AssetImportResult = z.object({
  lines: z.number().int(),
  imported: z.number().int().describe('new serials'),
  updated: z.number().int().describe('serials already in the register, replaced'),
  devices_enriched: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), code: z.enum(ErrorCodes), field: z.string().nullable(), message: z.string() })),
});

export const AssetReconciliation = z.object({
  register_total: z.number().int(),
  matched: z.number().int(),
  devices_without_serial: z.number().int().describe('devices no register line can match (placeholder or missing serial)'),
  register_not_seen: z.array(
    z.object({
      serial: z.string(),
      establishment_uai: z.string().nullable(),
      programme: z.string().nullable(),
      funder: z.string().nullable(),
      acquired_on: z.string().nullable(),
    }),
  ),
  seen_not_in_register: z.array(
    z.object({
      device_id: z.uuid(),
      serial: z.string(),
      model: z.string().nullable(),
      establishment_uai: z.string().nullable(),
      last_seen: timestamp.nullable().describe('the last contact a source reported; null: never connected'),
    }),
  ),
});
