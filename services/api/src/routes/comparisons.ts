import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { periodStart, previousPeriodStart } from '@vigie/calendar';
import { ApiError, Cohort, CohortComparison, CohortComparisonQuery, CohortInput, Comparison, ComparisonQuery } from '@vigie/contracts';
import { cohorts, devices, establishmentPeriods, establishments, rollupSettings } from '@vigie/store';
import { cohortFigures } from '../comparisons/cohort-figures.ts';
import { compareEstablishments } from '../comparisons/establishment-comparison.ts';
import { AGGREGATE_READERS, MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';

export async function comparisonRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/comparisons',
    {
      schema: {
        tags: ['indicators'],
        summary: "Each establishment's value, rank and percentile within its peer group, and delta with the previous period",
        querystring: ComparisonQuery,
        response: { 200: Comparison, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const { metric, granularity, peers } = request.query;
      const start = periodStart(granularity, request.query.start);
      const previous = previousPeriodStart(granularity, start);
      const history: string[] = [];
      for (let p = start, i = 0; i < request.query.history; i++) history.unshift((p = previousPeriodStart(granularity, p)));
      const [rows, settings] = await Promise.all([
        // Peers are the whole tenant even for an establishment token: it sees its rank, not the others' rows.
        establishmentPeriods.listForTenant(deps.db, caller.tenantId, granularity, [...new Set([start, previous, ...history])], null),
        rollupSettings.get(deps.db, caller.tenantId),
      ]);
      const ranked = compareEstablishments(rows, {
        metric,
        peers,
        start,
        previous,
        minDevices: settings.min_group_devices,
        ...(request.query.history > 0 ? { history } : {}),
      });
      const visible = caller.establishmentIds ? ranked.filter((r) => caller.establishmentIds!.includes(r.establishmentId)) : ranked;
      return {
        metric,
        granularity,
        period_start: start,
        previous_period_start: previous,
        min_devices: settings.min_group_devices,
        items: visible.map(({ establishmentId: _id, group, ...r }) => ({ ...r, peer_group: group })),
      };
    },
  );

  typed.post(
    '/v1/cohorts',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Create a cohort of establishments (UAIs) or devices (ids)',
        body: CohortInput,
        response: { 201: Cohort, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const { name, member_kind: kind, members } = request.body;
      let ids: string[];
      if (kind === 'establishment') {
        const known = await establishments.idsByUai(deps.db, caller.tenantId, members);
        const missing = members.find((m) => !known.has(m));
        if (missing) throw new AppError(400, 'unknown_establishment', `no establishment ${missing} in this tenant`, 'members');
        ids = [...known.values()];
      } else {
        const uuid = z.uuid();
        const bad = members.find((m) => !uuid.safeParse(m).success);
        if (bad) throw new AppError(400, 'invalid_field', `${bad} is not a device id`, 'members');
        ids = await devices.existingIds(deps.db, caller.tenantId, members);
        if (ids.length !== new Set(members).size)
          throw new AppError(400, 'invalid_field', 'some device ids are not devices of this tenant', 'members');
      }
      const id = await cohorts.create(deps.db, caller.tenantId, name, kind, ids);
      if (!id) throw new AppError(409, 'conflict', `cohort "${name}" already exists`, 'name');
      return reply.status(201).send({ id, name, member_kind: kind, members: ids.length });
    },
  );

  typed.get(
    '/v1/cohorts',
    {
      schema: {
        tags: ['indicators'],
        summary: "The tenant's cohorts",
        response: { 200: z.object({ items: z.array(Cohort) }), 401: ApiError, 403: ApiError },
      },
    },
    async (request) => ({ items: await cohorts.list(deps.db, tenantCaller(request, AGGREGATE_READERS).tenantId) }),
  );

  typed.get(
    '/v1/cohorts/comparison',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Activity of each cohort over a range (school days), small cohorts suppressed',
        querystring: CohortComparisonQuery,
        response: { 200: CohortComparison, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      // Cohorts span establishments: not for establishment-scoped tokens.
      const caller = tenantCaller(request, ['admin', 'operator', 'partner']);
      const { from, to } = request.query;
      if (from > to) throw new AppError(400, 'invalid_query', 'from must not be after to', 'from');
      const [all, figures, settings] = await Promise.all([
        cohorts.list(deps.db, caller.tenantId),
        cohorts.activity(deps.db, caller.tenantId, { from, to }),
        rollupSettings.get(deps.db, caller.tenantId),
      ]);
      const min = settings.min_group_devices;
      return {
        from,
        to,
        min_devices: min,
        cohorts: all.map((c) => ({ ...c, ...cohortFigures(figures.find((x) => x.cohort_id === c.id) ?? cohorts.NO_ACTIVITY, min) })),
      };
    },
  );
}
