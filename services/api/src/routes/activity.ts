import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActivityQuery, ApiError, CartUtilisation, DailyQuery, EstablishmentActivity, TenantActivity, Uai } from '@vigie/contracts';
import { cartDays, carts, establishmentDays, establishmentPeriods, establishments, rollupSettings, tenantDays } from '@vigie/store';
import { activeShare, cartUtilisation } from '@vigie/indicators';
import { dayPeriods, groupFigures, periodPeriods } from '../activity/activity-periods.ts';
import { tenantWeeks } from '../activity/tenant-weeks.ts';
import { AGGREGATE_READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { notFound } from '../errors.ts';
import { checkDayRange, visibleEstablishment } from '../request-checks.ts';
import { IdParams } from '../openapi/resource-schemas.ts';

const MAX_DAYS = { day: 400, week: 800, month: 1900, school_year: 3700 } as const;

export async function activityRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/establishments/:uai/activity',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Activity rate, reach and signals of an establishment per day, week, month or school year (school days only)',
        params: z.object({ uai: Uai }),
        querystring: ActivityQuery,
        response: { 200: EstablishmentActivity, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const { from, to, granularity } = request.query;
      checkDayRange(from, to, MAX_DAYS[granularity]);
      const e = await visibleEstablishment(deps, caller, request.params.uai);
      const settings = await rollupSettings.get(deps.db, caller.tenantId);
      const periods =
        granularity === 'day'
          ? dayPeriods(await establishmentDays.list(deps.db, caller.tenantId, e.id, { from, to }))
          : periodPeriods(await establishmentPeriods.list(deps.db, caller.tenantId, e.id, granularity, { from, to }));
      return { uai: e.uai, time_zone: e.time_zone, granularity, active_threshold_seconds: settings.active_seconds, periods };
    },
  );

  typed.get(
    '/v1/fleet/activity',
    {
      schema: {
        tags: ['indicators'],
        summary: "The tenant's activity per day, over its establishments with classes that day, and per week",
        querystring: DailyQuery,
        response: { 200: TenantActivity, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      // Tenant-wide: not for tokens limited to some establishments.
      const caller = tenantCaller(request, ['admin', 'operator', 'partner']);
      const { from, to } = request.query;
      checkDayRange(from, to, MAX_DAYS.day);
      const rows = await tenantDays.list(deps.db, caller.tenantId, { from, to });
      const figures = (r: (typeof rows)[number]) => {
        const { activity_rate, presence_rate, coverage, presence_device_days } = groupFigures(r);
        return { in_service: r.in_service, active: r.active, activity_rate, presence_rate, coverage, presence_device_days };
      };
      const alls = rows.filter((r) => r.dimension === 'all');
      const days = alls.map((all) => {
        const of = (dimension: string) =>
          Object.fromEntries(rows.filter((r) => r.day === all.day && r.dimension === dimension).map((r) => [r.value, figures(r)]));
        return {
          day: all.day,
          establishments: all.establishments,
          outages: all.outages,
          ...figures(all),
          by_kind: of('kind'),
          by_assignment: of('assignment'),
        };
      });
      return { days, weeks: tenantWeeks(alls) };
    },
  );

  typed.get(
    '/v1/carts/:id/utilisation',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Cart utilisation per school day and the share of school half-days it was used',
        params: IdParams,
        querystring: DailyQuery,
        response: { 200: CartUtilisation, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const { from, to } = request.query;
      checkDayRange(from, to, MAX_DAYS.day);
      const cart = await carts.findById(deps.db, caller.tenantId, request.params.id);
      if (!cart || (caller.establishmentIds && !caller.establishmentIds.includes(cart.establishment_id))) throw notFound('cart');
      const [establishment, settings, rows] = await Promise.all([
        establishments.findById(deps.db, caller.tenantId, cart.establishment_id),
        rollupSettings.get(deps.db, caller.tenantId),
        cartDays.list(deps.db, caller.tenantId, cart.id, { from, to }),
      ]);
      return {
        cart_id: cart.id,
        name: cart.name,
        establishment_uai: establishment!.uai,
        session_min_devices: settings.cart_session_min_devices,
        days: rows.map((r) => ({
          day: r.day,
          school_day: r.school_day,
          devices: r.devices,
          active_devices: r.active_devices,
          active_share: activeShare(r),
          used_morning: r.used_morning,
          used_afternoon: r.used_afternoon,
        })),
        summary: cartUtilisation(rows),
      };
    },
  );
}
