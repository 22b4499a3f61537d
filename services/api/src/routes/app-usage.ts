import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, AppCatalog, AppUsageByCategory, DailyQuery, Uai } from '@vigie/contracts';
import { appCatalog, appDays } from '@vigie/store';
import { AGGREGATE_READERS, MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { checkDayRange, visibleEstablishment } from '../request-checks.ts';

export async function appUsageRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/establishments/:uai/app-usage',
    {
      schema: {
        tags: ['indicators'],
        summary: 'App usage by category (educational, ENT, office, browser, other) over local days',
        params: z.object({ uai: Uai }),
        querystring: DailyQuery,
        response: { 200: AppUsageByCategory, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const { from, to } = request.query;
      checkDayRange(from, to, 400);
      const e = await visibleEstablishment(deps, caller, request.params.uai);
      // Local days of the establishment, as sessions were summed on them when stored.
      const rows = await appDays.byCategory(deps.db, caller.tenantId, e.id, { from, to });
      const total = rows.reduce((s, r) => s + r.seconds, 0);
      return { uai: e.uai, from, to, categories: rows.map((r) => ({ ...r, share: total ? r.seconds / total : 0 })) };
    },
  );

  typed.get(
    '/v1/app-catalog',
    {
      schema: { tags: ['indicators'], summary: "The tenant's app catalogue", response: { 200: AppCatalog, 401: ApiError, 403: ApiError } },
    },
    async (request) => {
      const rows = await appCatalog.list(deps.db, tenantCaller(request, MANAGERS).tenantId);
      return { apps: rows.map((r) => ({ app_id: r.app_id, category: r.category as never, name: r.name })) };
    },
  );

  typed.put(
    '/v1/app-catalog',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Classify apps (added or reclassified; others kept)',
        body: AppCatalog,
        response: { 200: AppCatalog, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      await appCatalog.upsertMany(
        deps.db,
        caller.tenantId,
        request.body.apps.map((a) => ({ appId: a.app_id, category: a.category, name: a.name })),
      );
      const rows = await appCatalog.list(deps.db, caller.tenantId);
      return { apps: rows.map((r) => ({ app_id: r.app_id, category: r.category as never, name: r.name })) };
    },
  );
}
