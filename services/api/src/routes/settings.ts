import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  EstablishmentSettings,
  EstablishmentSettingsChanged,
  EstablishmentSettingsPatch,
  ReadTimeSettings,
  RollupSettings,
  TenantSettings,
  TenantSettingsChanged,
  TenantSettingsPatch,
  Uai,
  type EstablishmentOverrides,
} from '@vigie/contracts';
import { establishmentSettings, rollupSettings } from '@vigie/store';
import { MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { visibleEstablishment } from '../request-checks.ts';
import { requestRecompute, toRecompute } from '../recompute/request-recompute.ts';
import { recordEvent } from '../audit/record-event.ts';

/** Whether a change touches what rollups use (thresholds read when answering recompute nothing). */
const rollupsChange = (changed: readonly string[]) => changed.some((k) => !(ReadTimeSettings as readonly string[]).includes(k));

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

/** Settings must hold together once merged (a patch of lesson hours alone is checked against the rest). */
function checked(settings: unknown): RollupSettings {
  const parsed = RollupSettings.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new AppError(400, 'invalid_field', `${path}: ${issue.message}`, path);
}

export async function settingsRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const uaiParams = z.object({ uai: Uai });

  typed.get(
    '/v1/settings',
    {
      schema: {
        tags: ['admin'],
        summary: "The tenant's indicator settings (thresholds, presence inference, lesson hours, rhythm)",
        response: { 200: TenantSettings, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      return rollupSettings.get(deps.db, caller.tenantId);
    },
  );

  typed.patch(
    '/v1/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change some settings; past days are recomputed in the background',
        body: TenantSettingsPatch,
        response: { 200: TenantSettingsChanged, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const current = await rollupSettings.get(deps.db, caller.tenantId);
      const { settings, changed } = await rollupSettings.set(deps.db, caller.tenantId, checked({ ...current, ...request.body }));
      const run = rollupsChange(changed) ? await requestRecompute(deps, caller.tenantId, 'settings', null) : null;
      if (changed.length)
        await recordEvent(deps.db, request, caller.tenantId, {
          action: 'settings.updated',
          target: { kind: 'tenant', id: caller.tenantId },
          details: { changed },
        });
      return { ...settings, recompute: run ? toRecompute(run, run.days_total) : null };
    },
  );

  typed.get(
    '/v1/establishments/:uai/settings',
    {
      schema: {
        tags: ['admin'],
        summary: "An establishment's own settings and those its rollups use",
        params: uaiParams,
        response: { 200: EstablishmentSettings, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const e = await visibleEstablishment(deps, caller, request.params.uai);
      const [overrides, effective] = await Promise.all([
        establishmentSettings.overrides(deps.db, caller.tenantId, e.id),
        establishmentSettings.effective(deps.db, caller.tenantId, e.id),
      ]);
      return { uai: e.uai, overrides, effective };
    },
  );

  typed.patch(
    '/v1/establishments/:uai/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Override settings for one establishment (null: follow the tenant again); its past days are recomputed',
        params: uaiParams,
        body: EstablishmentSettingsPatch,
        response: { 200: EstablishmentSettingsChanged, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const e = await visibleEstablishment(deps, caller, request.params.uai);
      const [before, tenant] = await Promise.all([
        establishmentSettings.overrides(deps.db, caller.tenantId, e.id),
        rollupSettings.get(deps.db, caller.tenantId),
      ]);
      const next: Record<string, unknown> = { ...before };
      for (const [key, value] of Object.entries(request.body)) {
        if (value === null) delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      const effective = checked({ ...tenant, ...next });
      const changed = await establishmentSettings.replace(deps.db, caller.tenantId, e.id, next as EstablishmentOverrides);
      const run = rollupsChange(changed) ? await requestRecompute(deps, caller.tenantId, 'establishment_settings', [e.id]) : null;
      if (changed.length)
        await recordEvent(deps.db, request, caller.tenantId, {
          action: 'establishment_settings.updated',
          target: { kind: 'establishment', id: e.uai },
          details: { changed },
        });
      return { uai: e.uai, overrides: next, effective, recompute: run ? toRecompute(run, run.days_total) : null };
    },
  );
}
