import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, AuditList, AuditQuery, type AuditActorKind } from '@vigie/contracts';
import { auditEvents } from '@vigie/store';
import { MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { toCsv } from '../csv/to-csv.ts';
import { AppError } from '../errors.ts';

// One CSV holds at most this many events; narrow from/to for more.
const MAX_CSV_ROWS = 100_000;
const CSV_COLUMNS = [
  'seq',
  'at',
  'actor_kind',
  'actor_id',
  'actor_name',
  'address',
  'action',
  'target_kind',
  'target_id',
  'details',
  'hash',
];
const AuditCsvQuery = AuditQuery.omit({ limit: true, cursor: true });

function toFilter(q: z.infer<typeof AuditCsvQuery>) {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from > to) throw new AppError(400, 'invalid_query', 'from must not be after to', 'from');
  return { action: q.action, actor: q.actor, targetKind: q.target_kind, targetId: q.target_id, from, to };
}

const toEvent = (r: auditEvents.AuditRow) => ({
  seq: r.seq,
  at: r.at.toISOString(),
  action: r.action,
  details: r.details,
  hash: r.hash,
  actor: { kind: r.actor_kind as AuditActorKind, id: r.actor_id, name: r.actor_name, address: r.address },
  target: r.target_kind ? { kind: r.target_kind, id: r.target_id } : null,
});

/** Whose journal the caller reads: its tenant's (admins, operators), or the platform chain for a platform administrator. */
function journalOf(request: FastifyRequest): string | null {
  const principal = request.principal;
  if (principal?.role === 'admin' && principal.tenantId === null) return null;
  return tenantCaller(request, MANAGERS).tenantId;
}

/** GET /v1/audit and /v1/audit.csv: the tenant's journal, for its admins and operators. */
export async function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError };

  typed.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "The tenant's journal, newest first: who did what, when, from where (a platform administrator reads the platform's)",
        querystring: AuditQuery,
        response: { 200: AuditList, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await auditEvents.list(deps.db, journalOf(request), {
        ...toFilter(q),
        beforeSeq: q.cursor ? Number(q.cursor) : undefined,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return { items: page.map(toEvent), next_cursor: rows.length > q.limit ? String(page.at(-1)!.seq) : null };
    },
  );

  typed.get(
    '/v1/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: "The tenant's journal as CSV (cells a spreadsheet would run as formulas are neutralised)",
        querystring: AuditCsvQuery,
        response: { 200: z.string().describe('CSV (RFC 4180), a header row then one row per event, newest first; text/csv'), ...errors },
      },
    },
    async (request, reply) => {
      const tenantId = journalOf(request);
      const rows = await auditEvents.list(deps.db, tenantId, { ...toFilter(request.query), limit: MAX_CSV_ROWS + 1 });
      if (rows.length > MAX_CSV_ROWS) throw new AppError(400, 'out_of_range', `more than ${MAX_CSV_ROWS} events: narrow from and to`, 'to');
      await recordEvent(deps.db, request, tenantId, { action: 'audit.exported', details: { rows: rows.length, filters: request.query } });
      const csv = toCsv(
        CSV_COLUMNS,
        rows.map((r) => ({ ...r, details: JSON.stringify(r.details) })),
      );
      return (
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="journal.csv"')
          // CSV text, not JSON: fastify sends the string as is.
          .send(csv as never)
      );
    },
  );
}
