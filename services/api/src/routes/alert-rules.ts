import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AlertRule, AlertRuleInput, AlertRuleList, AlertRulePatch, ApiError, RuleParams, type AlertRuleKind } from '@vigie/contracts';
import { enqueue } from '@vigie/queue';
import { alertRules, establishments } from '@vigie/store';
import { MANAGERS, READERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { withRedis } from '../needs-redis.ts';
import { deleteSchema, IdParams } from '../openapi/resource-schemas.ts';

type RuleRow = NonNullable<Awaited<ReturnType<typeof alertRules.find>>>;
const toRule = (r: RuleRow) => ({
  ...r,
  kind: r.kind as AlertRuleKind,
  severity: r.severity as 'warning',
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

/** Checks thresholds against the kind's schema and fills defaults, so stored rules are complete. */
function checkParams(kind: AlertRuleKind, params: Record<string, unknown>, overrides: Record<string, Record<string, unknown>>) {
  const parse = (value: Record<string, unknown>, field: string) => {
    const parsed = RuleParams[kind].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = [field, ...issue.path.map(String)].join('.');
      throw new AppError(400, 'invalid_field', `${path}: ${issue.message}`, path);
    }
    return parsed.data as Record<string, unknown>;
  };
  const full = parse(params, 'params');
  // Overrides stay partial (only what differs), but must be valid once merged.
  for (const [establishmentId, o] of Object.entries(overrides)) parse({ ...full, ...o }, `overrides.${establishmentId}`);
  return full;
}

/** Overrides may only name the tenant's own establishments: another id would be kept and never match. */
async function checkOverrideEstablishments(deps: AppDeps, tenantId: string, overrides: Record<string, unknown>) {
  const ids = Object.keys(overrides);
  if (ids.length === 0) return;
  const known = await establishments.uaisById(deps.db, tenantId, ids);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown)
    throw new AppError(400, 'invalid_field', `overrides.${unknown}: no establishment with this id in the tenant`, `overrides.${unknown}`);
}

/**
 * Evaluates a rule just created or changed at once rather than at the next evaluation. The rule is
 * committed: if Redis is away, the scheduled evaluation of every rule catches up, so this never fails the request.
 */
async function evaluateSoon(deps: AppDeps, request: FastifyRequest, rule: RuleRow) {
  if (!rule.enabled) return;
  await withRedis(deps.redis, () => enqueue.evaluateAlertRule(deps.queues, rule.tenant_id, rule.id, rule.updated_at)).catch(
    (err: unknown) => request.log.warn({ err, ruleId: rule.id }, 'rule evaluation not queued: the scheduled one will do'),
  );
}

export async function alertRuleRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

  typed.get(
    '/v1/alert-rules',
    { schema: { tags: ['alerts'], summary: 'Alert rules of the tenant', response: { 200: AlertRuleList, ...errors } } },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      return { items: (await alertRules.list(deps.db, caller.tenantId)).map(toRule) };
    },
  );

  typed.post(
    '/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Create an alert rule (thresholds are data)',
        body: AlertRuleInput,
        response: { 201: AlertRule, ...errors },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const b = request.body;
      if (await alertRules.findByName(deps.db, caller.tenantId, b.name))
        throw new AppError(409, 'conflict', `a rule named ${b.name} exists`, 'name');
      const params = checkParams(b.kind, b.params, b.overrides);
      await checkOverrideEstablishments(deps, caller.tenantId, b.overrides);
      const row = await alertRules.create(deps.db, caller.tenantId, { ...b, params });
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'alert_rule.created',
        target: { kind: 'alert_rule', id: row.id },
        details: { name: row.name, kind: row.kind },
      });
      await evaluateSoon(deps, request, row);
      return reply.status(201).send(toRule(row));
    },
  );

  typed.get(
    '/v1/alert-rules/:id',
    { schema: { tags: ['alerts'], summary: 'One alert rule', params: IdParams, response: { 200: AlertRule, ...errors } } },
    async (request) => {
      const caller = tenantCaller(request, READERS);
      const row = await alertRules.find(deps.db, caller.tenantId, request.params.id);
      if (!row) throw notFound('alert rule');
      return toRule(row);
    },
  );

  typed.patch(
    '/v1/alert-rules/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Change a rule: name, severity, enabled, thresholds, per-establishment overrides',
        params: IdParams,
        body: AlertRulePatch,
        response: { 200: AlertRule, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const row = await alertRules.find(deps.db, caller.tenantId, request.params.id);
      if (!row) throw notFound('alert rule');
      const merged = {
        name: row.name,
        severity: row.severity,
        enabled: row.enabled,
        params: row.params,
        overrides: row.overrides,
        ...stripUndefined(request.body),
      };
      const params = checkParams(row.kind as AlertRuleKind, merged.params, merged.overrides);
      if (request.body.overrides) await checkOverrideEstablishments(deps, caller.tenantId, request.body.overrides);
      const updated = (await alertRules.update(deps.db, caller.tenantId, row.id, { ...merged, params }))!;
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'alert_rule.updated',
        target: { kind: 'alert_rule', id: row.id },
        details: { name: updated.name, changed: Object.keys(stripUndefined(request.body)) },
      });
      await evaluateSoon(deps, request, updated);
      return toRule(updated);
    },
  );

  typed.delete(
    '/v1/alert-rules/:id',
    { schema: deleteSchema('alerts', 'Delete a rule and its alerts', IdParams, errors) },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      if (!(await alertRules.remove(deps.db, caller.tenantId, request.params.id))) throw notFound('alert rule');
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'alert_rule.deleted',
        target: { kind: 'alert_rule', id: request.params.id },
      });
      return reply.status(204).send(null);
    },
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
