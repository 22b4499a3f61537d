import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Alert,
  AlertAction,
  AlertDetail,
  AlertList,
  AlertQuery,
  AlertSnooze,
  alertLiveFields,
  ApiError,
  type LiveEvent,
} from '@vigie/contracts';
import { live } from '@vigie/queue';
import { alerts, establishments } from '@vigie/store';
import { READERS, tenantCaller, type TenantPrincipal } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { withRedis } from '../needs-redis.ts';
import { IdParams } from '../openapi/resource-schemas.ts';

type AlertRow = alerts.AlertRow;
const { toAlert } = alerts;

// Which states each action starts from. Resolved is final: a recurrence opens a new alert.
const MOVES = {
  acknowledge: { from: ['open', 'snoozed'], to: 'acknowledged', event: 'alert.acknowledged' },
  snooze: { from: ['open', 'acknowledged', 'snoozed'], to: 'snoozed', event: 'alert.snoozed' },
  resolve: { from: ['open', 'acknowledged', 'snoozed'], to: 'resolved', event: 'alert.resolved' },
} as const;

function visible(caller: TenantPrincipal, row: AlertRow | undefined): row is AlertRow {
  return Boolean(row && (!caller.establishmentIds || (row.establishment_id && caller.establishmentIds.includes(row.establishment_id))));
}

export async function alertRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
  const publisher = live.createLivePublisher(deps.redis, deps.config.redis.prefix, deps.config.live.window);

  typed.get(
    '/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest first, filtered by state, rule, establishment, severity and opening date',
        querystring: AlertQuery,
        response: { 200: AlertList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const q = request.query;
      let establishmentId: string | undefined;
      if (q.establishment) {
        establishmentId = z.uuid().safeParse(q.establishment).success
          ? q.establishment
          : (await establishments.findByUai(deps.db, caller.tenantId, q.establishment))?.id;
        if (!establishmentId) throw new AppError(400, 'invalid_query', `no establishment ${q.establishment}`, 'establishment');
      }
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const rows = await alerts.list(deps.db, caller.tenantId, {
        state: q.state,
        ruleId: q.rule_id,
        ruleKind: q.rule_kind,
        establishmentId,
        establishmentIds: caller.establishmentIds ?? undefined,
        severity: q.severity,
        from: q.from,
        to: q.to,
        limit: q.limit,
        after,
      });
      const last = rows.at(-1);
      return {
        items: rows.map(toAlert),
        next_cursor:
          rows.length === q.limit && last ? Buffer.from(`${last.opened_at.toISOString()}|${last.id}`).toString('base64url') : null,
      };
    },
  );

  typed.get(
    '/v1/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert with the history of its transitions (who, when)',
        params: IdParams,
        response: { 200: AlertDetail, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const row = await alerts.find(deps.db, caller.tenantId, request.params.id);
      if (!visible(caller, row)) throw notFound('alert');
      const history = await alerts.history(deps.db, caller.tenantId, row.id);
      return { ...toAlert(row), history: history.map((h) => ({ ...h, at: h.at.toISOString() })) };
    },
  );

  for (const action of ['acknowledge', 'resolve', 'snooze'] as const) {
    typed.post(
      `/v1/alerts/:id/${action}`,
      {
        schema: {
          tags: ['alerts'],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} an alert`,
          params: IdParams,
          body: action === 'snooze' ? AlertSnooze : AlertAction,
          response: { 200: Alert, ...errors },
        },
      },
      async (request) => {
        const caller = tenantCaller(request, READERS);
        if (!visible(caller, await alerts.find(deps.db, caller.tenantId, request.params.id))) throw notFound('alert');
        const body = request.body as { note?: string; until?: string };
        const snoozedUntil = body.until ? new Date(body.until) : undefined;
        if (snoozedUntil && snoozedUntil.getTime() <= Date.now())
          throw new AppError(400, 'invalid_field', 'until must be in the future', 'until');
        const move = MOVES[action];
        const result = await alerts.transition(
          deps.db,
          caller.tenantId,
          request.params.id,
          move.from,
          move.to,
          { tokenId: caller.tokenId, name: caller.tokenName },
          { note: body.note, snoozedUntil },
        );
        if (!result) throw notFound('alert');
        if (!result.moved) throw new AppError(409, 'conflict', `cannot ${action} an alert that is ${result.alert.state}`);
        const alert = toAlert(result.alert);
        await recordEvent(deps.db, request, caller.tenantId, {
          action: move.event,
          target: { kind: 'alert', id: alert.id },
          details: { state: move.to, ...(snoozedUntil ? { until: snoozedUntil.toISOString() } : {}) },
        });
        await withRedis(deps.redis, () =>
          publisher.publish(caller.tenantId, { kind: move.event, alert: alertLiveFields(alert) } as LiveEvent),
        ).catch((err: unknown) => request.log.warn({ err }, 'live event not published'));
        return alert;
      },
    );
  }
}

function decodeCursor(cursor: string) {
  const [openedAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // Only what next_cursor writes (an ISO instant PostgreSQL reads back): a forged date is a 400, not a 500.
  if (!openedAt || !id || !z.iso.datetime().safeParse(openedAt).success || !z.uuid().safeParse(id).success)
    throw new AppError(400, 'invalid_query', 'bad cursor', 'cursor');
  return { openedAt, id };
}
