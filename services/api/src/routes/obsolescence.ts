import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  ObsolescenceQuery,
  RecomputeRun,
  ObsolescenceRule,
  ObsolescenceRuleSet,
  ObsolescenceSummary,
  RenewalForecast,
  RenewalForecastQuery,
  UnitPrices,
} from '@vigie/contracts';
import {
  deviceListing,
  establishments,
  obsolescenceAsOf,
  obsolescenceCounts,
  obsolescenceRules,
  redeployment,
  rollupSettings,
  tenants,
  unitPrices,
} from '@vigie/store';
import { monthsAhead } from '../obsolescence/months-ahead.ts';
import { renewalYears } from '../obsolescence/renewal-years.ts';
import { AGGREGATE_READERS, MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { notFound } from '../errors.ts';
import { requireRedis, withRedis } from '../needs-redis.ts';
import { requestObsolescenceRecompute, toRecompute } from '../recompute/request-recompute.ts';
import { tenantReportDay } from '../request-checks.ts';

export async function obsolescenceRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/obsolescence',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Devices obsolete now, or within H months, by reason and establishment',
        querystring: ObsolescenceQuery,
        response: { 200: ObsolescenceSummary, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      let scope = caller.establishmentIds;
      if (request.query.establishment) {
        const e = await establishments.findByUai(deps.db, caller.tenantId, request.query.establishment);
        if (!e || (scope && !scope.includes(e.id))) throw notFound('establishment');
        scope = [e.id];
      }
      const report = await tenantReportDay(deps, caller.tenantId, request.query.as_of);
      const until = monthsAhead(new Date(`${report.day}T12:00:00Z`), request.query.within_months);
      const rows = report.fixed
        ? await obsolescenceAsOf.byEstablishment(deps.db, caller.tenantId, report.day, until, scope)
        : await obsolescenceCounts.byEstablishment(deps.db, caller.tenantId, until, scope);
      const byEstablishment = new Map<
        string | null,
        { uai: string | null; name: string | null; devices_flagged: number; by_reason: Record<string, number> }
      >();
      for (const r of rows) {
        const entry = byEstablishment.get(r.uai) ?? { uai: r.uai, name: r.name, devices_flagged: 0, by_reason: {} };
        if (r.reason === null) entry.devices_flagged = r.devices;
        else entry.by_reason[r.reason] = r.devices;
        byEstablishment.set(r.uai, entry);
      }
      const list = [...byEstablishment.values()];
      const byReason: Record<string, number> = {};
      for (const e of list) for (const [reason, n] of Object.entries(e.by_reason)) byReason[reason] = (byReason[reason] ?? 0) + n;
      return {
        as_of: report.day,
        within_months: request.query.within_months,
        devices_flagged: list.reduce((n, e) => n + e.devices_flagged, 0),
        by_reason: byReason,
        by_establishment: list,
      };
    },
  );

  typed.get(
    '/v1/obsolescence/rules',
    {
      schema: {
        tags: ['indicators'],
        summary: "The tenant's obsolescence rules (the defaults until it sets its own)",
        response: { 200: z.object({ custom: z.boolean(), rules: z.array(ObsolescenceRule) }), 401: ApiError, 403: ApiError },
      },
    },
    async (request) => obsolescenceRules.list(deps.db, tenantCaller(request, MANAGERS).tenantId),
  );

  typed.put(
    '/v1/obsolescence/rules',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Replace the obsolescence rules (an empty list restores the defaults); flags are re-evaluated in the background (a recompute run)',
        body: ObsolescenceRuleSet,
        response: {
          200: z.object({ custom: z.boolean(), rules: z.array(ObsolescenceRule), recompute: RecomputeRun }),
          400: ApiError,
          401: ApiError,
          403: ApiError,
        },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      await requireRedis(deps.redis);
      await obsolescenceRules.replace(deps.db, caller.tenantId, request.body.rules);
      const run = await withRedis(deps.redis, () => requestObsolescenceRecompute(deps, caller.tenantId));
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'obsolescence_rules.replaced',
        details: { rules: request.body.rules.length },
      });
      return { ...(await obsolescenceRules.list(deps.db, caller.tenantId)), recompute: toRecompute(run, 1) };
    },
  );

  typed.put(
    '/v1/unit-prices',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Set replacement unit prices per device kind (EUR)',
        body: UnitPrices,
        response: { 200: z.object({ prices: z.record(z.string(), z.number()) }), 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      await unitPrices.set(deps.db, caller.tenantId, request.body.prices);
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'unit_prices.updated',
        details: { kinds: Object.keys(request.body.prices) },
      });
      return { prices: await unitPrices.list(deps.db, caller.tenantId) };
    },
  );

  typed.get(
    '/v1/renewal-forecast',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Devices reaching obsolescence per budget year with estimated cost; redeployment candidates',
        querystring: RenewalForecastQuery,
        response: { 200: RenewalForecast, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const scope = caller.establishmentIds;
      const report = await tenantReportDay(deps, caller.tenantId, request.query.as_of);
      const today = report.day;
      const [prices, firsts, tenant, settings, obsolete] = await Promise.all([
        unitPrices.list(deps.db, caller.tenantId),
        report.fixed
          ? obsolescenceAsOf.firstYears(deps.db, caller.tenantId, today, scope)
          : obsolescenceCounts.firstYears(deps.db, caller.tenantId, scope),
        tenants.findById(deps.db, caller.tenantId),
        rollupSettings.get(deps.db, caller.tenantId),
        report.fixed
          ? obsolescenceAsOf.inService(deps.db, caller.tenantId, today, today, scope)
          : obsolescenceCounts.inService(deps.db, caller.tenantId, today, scope),
      ]);
      // Among devices in service: a retired, lost, spare or stocked device is neither busy nor idle.
      // Now, from what the idle streaks carry of their devices; a past day (as_of) from its devices.
      const idle = { schoolDays: { tenant: settings.idle_school_days }, offlineDays: { tenant: settings.offline_days } };
      const obsoleteIdle = report.fixed
        ? await deviceListing.count(deps.db, caller.tenantId, {
            asOf: today,
            obsolete: { reason: 'any', until: today },
            inService: true,
            idle,
            ...(scope ? { establishmentIds: scope } : {}),
          })
        : await redeployment.countObsoleteIdle(deps.db, caller.tenantId, { idle, until: today, establishmentIds: scope });
      return {
        as_of: today,
        currency: 'EUR' as const,
        paying_collectivite: tenant!.name,
        unit_prices: prices,
        years: renewalYears(firsts, prices, Number(today.slice(0, 4)), request.query.years),
        redeployment: { obsolete_idle: obsoleteIdle, obsolete_busy: obsolete - obsoleteIdle },
      };
    },
  );
}
