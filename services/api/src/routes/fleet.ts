import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, FleetSummary, FleetSummaryQuery } from '@vigie/contracts';
import { deviceListing, fleetSummary, offlineDevices, rollupSettings } from '@vigie/store';
import { AGGREGATE_READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { tenantReportDay } from '../request-checks.ts';

export async function fleetRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/fleet/summary',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Device counts by kind, status and last-seen age, and the offline devices the list gives',
        querystring: FleetSummaryQuery,
        response: { 200: FleetSummary, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      // Only a past day is used here (checked as every as_of is); now needs no tenant's today.
      const report = request.query.as_of ? await tenantReportDay(deps, caller.tenantId, request.query.as_of) : undefined;
      const scope = caller.establishmentIds ?? undefined;
      // The offline count is the list's (the same filter, so the same devices), not an age bucket:
      // the overview shows it and links to that list. Now it walks the devices last seen before the
      // smallest offline threshold only (device_last_seen alone); as of a past day, every device.
      const offline = async () => {
        const settings = await rollupSettings.get(deps.db, caller.tenantId);
        if (!report) return offlineDevices.countNow(deps.db, caller.tenantId, { tenant: settings.offline_days }, scope);
        return deviceListing.count(deps.db, caller.tenantId, {
          ...(scope ? { establishmentIds: scope } : {}),
          asOf: report.day,
          offline: { days: { tenant: settings.offline_days } },
        });
      };
      const [summary, offlineCount] = await Promise.all([
        fleetSummary.read(deps.db, caller.tenantId, new Date(), scope, report?.day),
        offline(),
      ]);
      return { ...summary, offline: offlineCount };
    },
  );
}
