import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultRhythm } from '@vigie/calendar';
import {
  ApiError,
  Cart,
  CartInput,
  CartList,
  DailyQuery,
  Establishment,
  EstablishmentDaily,
  EstablishmentInput,
  EstablishmentList,
  EstablishmentReference,
  Uai,
} from '@vigie/contracts';
import { carts, deviceDays, establishments } from '@vigie/store';
import { AGGREGATE_READERS, MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError, notFound } from '../errors.ts';
import { checkDayRange, visibleEstablishment } from '../request-checks.ts';
import { requestRecompute } from '../recompute/request-recompute.ts';

// A day counts as active from 5 minutes of activity (docs/indicators.md).
const ACTIVE_DAY_SECONDS = 300;
const MAX_DAILY_RANGE_DAYS = 400;

type EstablishmentRow = Awaited<ReturnType<typeof establishments.list>>[number];
const toEstablishment = (e: EstablishmentRow) => ({
  id: e.id,
  uai: e.uai,
  name: e.name,
  type: e.type as never,
  calendar_zone: e.calendar_zone as never,
  time_zone: e.time_zone,
  rhythm: (e.rhythm ?? defaultRhythm(e.type)) as never,
  pupils: e.pupils,
  education_priority: e.education_priority,
  academie: e.academie,
  closed: e.closed,
  alsace_moselle: e.alsace_moselle,
});

export async function establishmentRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const uaiParams = z.object({ uai: Uai });

  typed.get(
    '/v1/establishments',
    {
      schema: {
        tags: ['fleet'],
        summary: "The tenant's establishments",
        response: { 200: EstablishmentList, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const rows = await establishments.list(deps.db, caller.tenantId, null);
      const visible = caller.establishmentIds ? rows.filter((r) => caller.establishmentIds!.includes(r.id)) : rows;
      return { items: visible.map(toEstablishment) };
    },
  );

  typed.post(
    '/v1/establishments',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an establishment',
        body: EstablishmentInput,
        response: { 201: Establishment, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const body = request.body;
      if (await establishments.findByUai(deps.db, caller.tenantId, body.uai))
        throw new AppError(409, 'conflict', `establishment ${body.uai} already exists`, 'uai');
      const row = await establishments.create(deps.db, caller.tenantId, {
        uai: body.uai,
        name: body.name,
        type: body.type,
        calendarZone: body.calendar_zone,
        timeZone: body.time_zone,
        rhythm: body.rhythm ?? null,
        pupils: body.pupils ?? null,
        educationPriority: body.education_priority ?? null,
        alsaceMoselle: body.alsace_moselle ?? false,
      });
      return reply.status(201).send(toEstablishment(row));
    },
  );

  typed.patch(
    '/v1/establishments/:uai',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set reference attributes (weekly rhythm, pupils, education priority)',
        params: uaiParams,
        body: EstablishmentReference,
        response: { 200: Establishment, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const establishment = await visibleEstablishment(deps, caller, request.params.uai);
      const b = request.body;
      const row = await establishments.updateReference(deps.db, caller.tenantId, establishment.id, {
        ...(b.rhythm !== undefined ? { rhythm: b.rhythm } : {}),
        ...(b.pupils !== undefined ? { pupils: b.pupils } : {}),
        ...(b.education_priority !== undefined ? { educationPriority: b.education_priority } : {}),
        ...(b.alsace_moselle !== undefined ? { alsaceMoselle: b.alsace_moselle } : {}),
      });
      if (!row) throw notFound('establishment');
      // Rhythm and Alsace-Moselle move school days; pupils and priority, per-pupil figures and peers.
      const moved = (['rhythm', 'pupils', 'education_priority', 'alsace_moselle'] as const).some((k) => establishment[k] !== row[k]);
      if (moved) await requestRecompute(deps, caller.tenantId, 'establishment', [establishment.id]);
      return toEstablishment(row);
    },
  );

  typed.get(
    '/v1/establishments/:uai/daily',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Online and active devices per local day',
        params: uaiParams,
        querystring: DailyQuery,
        response: { 200: EstablishmentDaily, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const { from, to } = request.query;
      checkDayRange(from, to, MAX_DAILY_RANGE_DAYS);
      const establishment = await visibleEstablishment(deps, caller, request.params.uai);
      const days = await deviceDays.establishmentDaily(deps.db, caller.tenantId, establishment.id, { from, to }, ACTIVE_DAY_SECONDS);
      return { uai: establishment.uai, time_zone: establishment.time_zone, active_threshold_seconds: ACTIVE_DAY_SECONDS, days };
    },
  );

  typed.get(
    '/v1/establishments/:uai/carts',
    {
      schema: {
        tags: ['fleet'],
        summary: "An establishment's carts",
        params: uaiParams,
        response: { 200: CartList, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const establishment = await visibleEstablishment(deps, caller, request.params.uai);
      const rows = await carts.listByEstablishment(deps.db, caller.tenantId, establishment.id);
      return { items: rows.map((c) => ({ id: c.id, name: c.name, establishment_uai: establishment.uai })) };
    },
  );

  typed.post(
    '/v1/establishments/:uai/carts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a cart (classe mobile)',
        params: uaiParams,
        body: CartInput,
        response: { 201: Cart, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const establishment = await visibleEstablishment(deps, caller, request.params.uai);
      const existing = await carts.idsByName(deps.db, caller.tenantId, [{ establishmentId: establishment.id, name: request.body.name }]);
      if (existing.size) throw new AppError(409, 'conflict', `cart "${request.body.name}" already exists`, 'name');
      const cart = await carts.create(deps.db, caller.tenantId, establishment.id, request.body.name);
      return reply.status(201).send({ id: cart.id, name: cart.name, establishment_uai: establishment.uai });
    },
  );
}
