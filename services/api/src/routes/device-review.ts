import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, AssetImportResult, AssetReconciliation, DeviceProvenance, DuplicateList } from '@vigie/contracts';
import type { Queues } from '@vigie/queue';
import { assetRegister, deviceAttributes, deviceListing, deviceReview, sources, type Db } from '@vigie/store';
import { MANAGERS, READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { readRegister } from '../assets/read-register.ts';
import { resolveAttributes } from '../devices/resolve-attributes.ts';
import { IdParams } from '../openapi/resource-schemas.ts';

const REGISTER_SOURCE = 'asset-register';
const MAX_CSV_BYTES = 10 * 1024 * 1024;
const REPORT_LIMIT = 5_000;

/** Register lines become the asset register source's claims on matching devices (acquisition, warranty, establishment). */
async function enrichDevices(db: Db, queues: Queues, delayMs: number, tenantId: string): Promise<number> {
  const sourceId = await sources.ensure(db, tenantId, REGISTER_SOURCE, 'register');
  const matches = await assetRegister.matches(db, tenantId);
  const now = new Date();
  const claims = matches.flatMap((m) => [
    ...(m.acquired_on ? [{ deviceId: m.device_id, attribute: 'acquired_on', value: m.acquired_on, observedAt: now }] : []),
    ...(m.warranty_end ? [{ deviceId: m.device_id, attribute: 'warranty_end', value: m.warranty_end, observedAt: now }] : []),
    ...(m.establishment_id ? [{ deviceId: m.device_id, attribute: 'establishment_id', value: m.establishment_id, observedAt: now }] : []),
  ]);
  await resolveAttributes(db, queues, delayMs, tenantId, async (trx) => {
    await deviceAttributes.record(trx, tenantId, sourceId, claims);
    return [...new Set(matches.map((m) => m.device_id))];
  });
  return matches.length;
}

export async function deviceReviewRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body));

  typed.get(
    '/v1/devices/duplicates',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Devices to review: re-enrolments, sources disagreeing on the kind, placeholder serials',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(5_000).default(500) }),
        response: { 200: DuplicateList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      return { items: await deviceReview.listDuplicates(deps.db, caller.tenantId, request.query.limit) };
    },
  );

  typed.get(
    '/v1/devices/:id/provenance',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Which source said what about a device, and when',
        params: IdParams,
        response: { 200: DeviceProvenance, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const device = await deviceListing.get(deps.db, caller.tenantId, request.params.id, caller.establishmentIds ?? undefined);
      if (!device) throw notFound('device');
      const rows = await deviceAttributes.listForDevice(deps.db, caller.tenantId, device.id);
      return {
        items: rows.map((r) => ({
          attribute: r.attribute,
          value: r.value,
          source: r.source,
          priority: r.priority,
          observed_at: r.observed_at.toISOString(),
          winning: r.rank === 1,
        })),
      };
    },
  );

  typed.post(
    '/v1/assets/import',
    {
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        tags: ['assets'],
        summary: 'Import the asset register (text/csv: serial, acquisition date, price, funder, programme, warranty end, UAI)',
        body: z.string(),
        response: { 200: AssetImportResult, 400: ApiError, 401: ApiError, 403: ApiError, 413: ApiError, 415: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      if (typeof request.body !== 'string') throw new AppError(415, 'unsupported_media_type', 'send the register as text/csv');
      const { lines, errors, count } = readRegister(request.body);
      if (lines.length === 0 && errors.length > 0 && errors[0]!.line === 1)
        throw new AppError(400, 'invalid_field', errors[0]!.message, errors[0]!.field);
      const imported = await assetRegister.upsertMany(deps.db, caller.tenantId, lines);
      const enriched = await enrichDevices(deps.db, deps.queues, deps.config.rollup.delayMs, caller.tenantId);
      request.log.info({ tenantId: caller.tenantId, lines: count, imported, rejected: errors.length, enriched }, 'asset register imported');
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'asset_register.imported',
        details: { lines: count, imported, rejected: errors.length },
      });
      return { lines: count, imported, updated: lines.length - imported, devices_enriched: enriched, rejected: errors };
    },
  );

  typed.get(
    '/v1/assets/reconciliation',
    {
      schema: {
        tags: ['assets'],
        summary: 'The register against what the MDMs see',
        response: { 200: AssetReconciliation, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const report = await assetRegister.reconcile(deps.db, caller.tenantId, REPORT_LIMIT);
      return {
        register_total: report.totals.register,
        matched: report.totals.matched,
        devices_without_serial: report.totals.no_serial,
        register_not_seen: report.notSeen,
        seen_not_in_register: report.notRegistered.map((d) => ({ ...d, last_seen: d.last_seen?.toISOString() ?? null })),
      };
    },
  );
}
