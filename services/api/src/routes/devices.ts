import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, DailyQuery, DeviceActivity, DeviceDetail, DevicePage, DeviceQuery } from '@vigie/contracts';
import { deviceActivity, deviceListing, establishments, rollupSettings } from '@vigie/store';
import { READERS, tenantCaller, type TenantPrincipal } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError, notFound } from '../errors.ts';
import { checkDayRange, tenantReportDay } from '../request-checks.ts';
import { monthsAhead } from '../obsolescence/months-ahead.ts';
import { IdParams } from '../openapi/resource-schemas.ts';

const MAX_ACTIVITY_DAYS = 400;

type DeviceRow = Awaited<ReturnType<typeof deviceListing.list>>[number];

function toDevice(row: DeviceRow) {
  const { cart_id: _cartId, ...device } = row;
  return {
    ...device,
    kind: device.kind as never,
    status: device.status as never,
    first_seen: device.first_seen.toISOString(),
    last_seen: device.last_seen?.toISOString() ?? null,
  };
}

function encodeCursor(value: string, id: string) {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

// A time sort's cursor holds an instant, or '-infinity' after a device that never connected.
const isSortTime = (value: string) => value === '-infinity' || z.iso.datetime({ offset: true }).safeParse(value).success;

function decodeCursor(cursor: string, sort: string): { value: string; id: string } {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    const valid = typeof value === 'string' && (sort.endsWith('serial') || isSortTime(value));
    if (valid && typeof id === 'string' && z.uuid().safeParse(id).success) return { value, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'invalid_query', 'cursor is not one this API returned', 'cursor');
}

/** Establishments a caller may see, narrowed by an optional UAI filter; null = no restriction. */
async function scopeFor(deps: AppDeps, caller: TenantPrincipal, uai: string | undefined): Promise<string[] | null> {
  if (!uai) return caller.establishmentIds;
  const establishment = await establishments.findByUai(deps.db, caller.tenantId, uai);
  const allowed = establishment && (!caller.establishmentIds || caller.establishmentIds.includes(establishment.id));
  return allowed ? [establishment.id] : [];
}

export async function deviceRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/devices',
    {
      schema: {
        tags: ['fleet'],
        summary: 'List devices (filters, keyset pagination)',
        querystring: DeviceQuery,
        response: { 200: DevicePage, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const q = request.query;
      const scope = await scopeFor(deps, caller, q.establishment);
      const settings = q.idle === 'true' || q.offline === 'true' ? await rollupSettings.get(deps.db, caller.tenantId) : null;
      // The tenant's today is read only where a date is used: the obsolete filter's horizon.
      const report = q.as_of || q.obsolete ? await tenantReportDay(deps, caller.tenantId, q.as_of) : undefined;
      const offlineDays = { asked: q.offline_days, tenant: settings?.offline_days ?? 0 };
      const rows = await deviceListing.list(
        deps.db,
        caller.tenantId,
        {
          ...(scope ? { establishmentIds: scope } : {}),
          ...(report?.fixed ? { asOf: report.day } : {}),
          ...(q.cart ? { cartId: q.cart } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.last_seen_before ? { lastSeenBefore: new Date(q.last_seen_before) } : {}),
          ...(q.last_seen_after ? { lastSeenAfter: new Date(q.last_seen_after) } : {}),
          ...(q.never_connected ? { neverConnected: q.never_connected === 'true' } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(settings && q.idle === 'true'
            ? { idle: { schoolDays: { asked: q.idle_school_days, tenant: settings.idle_school_days }, offlineDays } }
            : {}),
          ...(q.obsolete
            ? { obsolete: { reason: q.obsolete, until: monthsAhead(new Date(`${report!.day}T12:00:00Z`), q.within_months) } }
            : {}),
          ...(settings && q.offline === 'true' ? { offline: { days: offlineDays } } : {}),
        },
        { sort: q.sort, limit: q.limit, ...(q.cursor ? { after: decodeCursor(q.cursor, q.sort) } : {}) },
      );
      const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
      return { items: rows.map(toDevice), next_cursor: last ? encodeCursor(deviceListing.sortValue(last, q.sort), last.id) : null };
    },
  );

  typed.get(
    '/v1/devices/:id',
    {
      schema: {
        tags: ['fleet'],
        summary: 'One device with its sources, last 30 days and obsolescence flags',
        params: IdParams,
        response: { 200: DeviceDetail, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const detail = await deviceListing.getDetail(deps.db, caller.tenantId, request.params.id, caller.establishmentIds ?? undefined, 30);
      if (!detail) throw notFound('device');
      const { sources: links, days, obsolescence, ...row } = detail;
      // Inside the arrays timestamps come as JSON strings: written as the device's own are (toISOString).
      const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
      return {
        ...toDevice(row),
        sources: links.map((s) => ({
          ...s,
          first_seen: iso(s.first_seen)!,
          first_contact: iso(s.first_contact),
          last_seen: iso(s.last_seen),
        })),
        days: days.map((d) => ({ ...d, signal: d.signal as never })),
        obsolescence,
      };
    },
  );

  typed.get(
    '/v1/devices/:id/activity',
    {
      schema: {
        tags: ['indicators'],
        summary: "The rollup's activity decision of a device per local day: what idle devices and alerts are judged on",
        params: IdParams,
        querystring: DailyQuery,
        response: { 200: DeviceActivity, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const { from, to } = request.query;
      checkDayRange(from, to, MAX_ACTIVITY_DAYS);
      const row = await deviceListing.get(deps.db, caller.tenantId, request.params.id, caller.establishmentIds ?? undefined);
      if (!row) throw notFound('device');
      const [settings, days] = await Promise.all([
        rollupSettings.get(deps.db, caller.tenantId),
        deviceActivity.listForDevice(deps.db, caller.tenantId, row.id, { from, to }),
      ]);
      return {
        device_id: row.id,
        active_threshold_seconds: settings.active_seconds,
        days: days.map((d) => ({ ...d, signal: d.signal as never })),
      };
    },
  );
}
