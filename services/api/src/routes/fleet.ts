import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, FleetSummary, FleetSummaryQuery } from '@vigie/contracts';
import { fleetSummary } from '@vigie/store';
import { AGGREGATE_READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { reportDay } from '../request-checks.ts';

export async function fleetRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/fleet/summary',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Device counts by kind, status and last-seen age',
        querystring: FleetSummaryQuery,
        response: { 200: FleetSummary, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const report = reportDay(request.query.as_of);
      return fleetSummary.read(
        deps.db,
        caller.tenantId,
        new Date(),
        caller.establishmentIds ?? undefined,
        report.fixed ? report.day : undefined,
      );
    },
  );
}
