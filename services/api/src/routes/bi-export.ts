import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, DailyQuery } from '@vigie/contracts';
import { biExports, establishments } from '@vigie/store';
import { AGGREGATE_READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { toCsv } from '../csv/to-csv.ts';
import { AppError } from '../errors.ts';

// One request returns at most this many rows; narrow from/to for more.
const MAX_ROWS = 200_000;
const views = Object.keys(biExports.BiViews) as [biExports.BiView, ...biExports.BiView[]];

export async function biExportRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/bi/:view',
    {
      config: { export: true },
      schema: {
        tags: ['bi'],
        summary: 'CSV export of a bi view (docs/bi.md) for a date range',
        params: z.object({
          view: z
            .string()
            .regex(/^[a-z0-9_]+\.csv$/)
            .transform((v) => v.slice(0, -4))
            .pipe(z.enum(views)),
        }),
        querystring: DailyQuery,
        // Documented as CSV text; fastify sends a string with a text/csv content type as it is.
        response: {
          200: z.string().describe('CSV (RFC 4180), a header row then one row per view row; text/csv'),
          400: ApiError,
          401: ApiError,
          403: ApiError,
          429: ApiError,
        },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, AGGREGATE_READERS);
      const view = request.params.view;
      if (caller.role === 'partner' && biExports.BiViews[view].perDevice)
        throw new AppError(403, 'forbidden', 'a partner reads aggregates only, not per-device views');
      // The tenant's totals span every establishment: not for a token limited to some of them.
      if (caller.establishmentIds && view.startsWith('tenant_daily_'))
        throw new AppError(403, 'forbidden', 'tenant-wide figures need a tenant-wide token');
      const { from, to } = request.query;
      if (from > to) throw new AppError(400, 'invalid_query', 'from must not be after to', 'from');
      const uais = caller.establishmentIds
        ? [...(await establishments.uaisById(deps.db, caller.tenantId, caller.establishmentIds)).values()]
        : null;
      const rows = await biExports.rows(deps.db, caller.tenantId, view, { from, to }, uais, MAX_ROWS + 1);
      if (rows.length > MAX_ROWS) throw new AppError(400, 'out_of_range', `more than ${MAX_ROWS} rows: narrow from and to`, 'to');
      const columns = rows[0] ? Object.keys(rows[0]) : [];
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'bi.exported',
        target: { kind: 'bi_view', id: view },
        details: { from, to, rows: rows.length },
      });
      return (
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${view}_${from}_${to}.csv"`)
          // CSV text, not JSON: no 200 schema, so fastify sends the string as is.
          .send(toCsv(columns, rows) as never)
      );
    },
  );
}
