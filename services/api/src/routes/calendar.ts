import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addDays,
  CalendarFormatError,
  mergePeriods,
  parseCalendarCsv,
  parseCalendarJson,
  shippedHolidayPeriods,
  type HolidayPeriod,
} from '@vigie/calendar';
import {
  ApiError,
  CalendarException,
  CalendarExceptionInput,
  CalendarExceptionList,
  CalendarImportResult,
  CalendarPeriodList,
  CalendarPeriodQuery,
} from '@vigie/contracts';
import { calendarExceptions, calendarPeriods, establishments } from '@vigie/store';
import { importSchoolCalendar } from '../calendar/import-school-calendar.ts';
import { MANAGERS, READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { visibleEstablishment } from '../request-checks.ts';
import { requestRecompute } from '../recompute/request-recompute.ts';
import { deleteSchema, IdParams } from '../openapi/resource-schemas.ts';

const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

/** The periods of a CSV (`;`) or JSON export of fr-en-calendrier-scolaire; a file that is not one is a 400. */
function parseExport(body: unknown): HolidayPeriod[] {
  try {
    return typeof body === 'string' ? parseCalendarCsv(body) : parseCalendarJson(body);
  } catch (error) {
    if (error instanceof CalendarFormatError) throw new AppError(400, 'invalid_field', error.message, 'body');
    throw error;
  }
}

type ExceptionRow = Awaited<ReturnType<typeof calendarExceptions.list>>[number];

export async function calendarRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CALENDAR_BYTES }, (_req, body, done) => done(null, body));
  const shipped = shippedHolidayPeriods();
  const uaiOf = async (tenantId: string) => new Map((await establishments.list(deps.db, tenantId, null)).map((e) => [e.id, e.uai]));
  const toException = (x: ExceptionRow, uais: Map<string, string>) => ({
    id: x.id,
    zone: x.zone,
    establishment: x.establishment_id ? (uais.get(x.establishment_id) ?? null) : null,
    kind: x.kind,
    from: x.start_date,
    to: addDays(x.end_date, -1),
    description: x.description,
  });

  /** The days an exception covers, at its establishment or every establishment of its zone. */
  const recomputeException = async (tenantId: string, x: ExceptionRow) => {
    const places = x.establishment_id
      ? [x.establishment_id]
      : (await establishments.list(deps.db, tenantId, null)).filter((e) => e.calendar_zone === x.zone).map((e) => e.id);
    await requestRecompute(deps, tenantId, 'calendar_exception', places, { from: x.start_date, to: addDays(x.end_date, -1) });
  };

  typed.post(
    '/v1/calendar/import',
    {
      bodyLimit: MAX_CALENDAR_BYTES,
      schema: {
        tags: ['admin'],
        summary: 'Import the official school calendar (fr-en-calendrier-scolaire, text/csv with ";" or its JSON export)',
        body: z.unknown(),
        response: { 200: CalendarImportResult, ...errors, 413: ApiError, 415: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const { run: _run, ...result } = await importSchoolCalendar(deps, caller.tenantId, parseExport(request.body));
      request.log.info({ tenantId: caller.tenantId, periods: result.periods, removed: result.removed }, 'school calendar imported');
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'calendar.imported',
        details: { periods: result.periods, removed: result.removed, zones: result.zones },
      });
      return result;
    },
  );

  typed.get(
    '/v1/calendar/periods',
    {
      schema: {
        tags: ['admin'],
        summary: "A zone's holiday periods as rollups use them: the tenant's import, else the shipped calendar",
        querystring: CalendarPeriodQuery,
        response: { 200: CalendarPeriodList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const imported = await calendarPeriods.list(deps.db, caller.tenantId, request.query.zone);
      const own = new Set(imported);
      const merged = mergePeriods(
        shipped.filter((p) => p.zone === request.query.zone),
        imported,
      ).sort((a, b) => a.start.localeCompare(b.start));
      return {
        items: merged.map((p) => ({
          zone: p.zone,
          school_year: p.schoolYear,
          start: p.start,
          end: p.end,
          description: p.description,
          source: own.has(p) ? ('imported' as const) : ('shipped' as const),
        })),
      };
    },
  );

  typed.get(
    '/v1/calendar/exceptions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Zone corrections and establishment exceptions (closures, bridges, exam days, make-up days)',
        response: { 200: CalendarExceptionList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const [rows, uais] = await Promise.all([calendarExceptions.list(deps.db, caller.tenantId), uaiOf(caller.tenantId)]);
      const visible = caller.establishmentIds ? rows.filter((x) => x.zone || caller.establishmentIds!.includes(x.establishment_id!)) : rows;
      return { items: visible.map((x) => toException(x, uais)) };
    },
  );

  typed.post(
    '/v1/calendar/exceptions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a zone correction or an establishment exception; the days it covers are recomputed',
        body: CalendarExceptionInput,
        response: { 201: CalendarException, ...errors },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const b = request.body;
      const establishment = b.establishment ? await visibleEstablishment(deps, caller, b.establishment) : null;
      const row = await calendarExceptions.create(deps.db, caller.tenantId, {
        zone: b.zone ?? null,
        establishment_id: establishment?.id ?? null,
        kind: b.kind,
        start_date: b.from,
        end_date: addDays(b.to, 1),
        description: b.description,
      });
      await recomputeException(caller.tenantId, row);
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'calendar_exception.created',
        target: { kind: 'calendar_exception', id: row.id },
        details: { kind: b.kind, from: b.from, to: b.to, zone: b.zone ?? null, establishment: establishment?.uai ?? null },
      });
      return reply.status(201).send(toException(row, new Map(establishment ? [[establishment.id, establishment.uai]] : [])));
    },
  );

  typed.delete(
    '/v1/calendar/exceptions/:id',
    {
      schema: deleteSchema('admin', 'Remove an exception; the days it covered are recomputed', IdParams, errors),
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const removed = await calendarExceptions.remove(deps.db, caller.tenantId, request.params.id);
      if (!removed) throw notFound('calendar exception');
      await recomputeException(caller.tenantId, removed);
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'calendar_exception.deleted',
        target: { kind: 'calendar_exception', id: request.params.id },
      });
      return reply.status(204).send(null);
    },
  );
}
