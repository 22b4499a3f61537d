import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, Tenant, TenantInput } from '@vigie/contracts';
import { tenants } from '@vigie/store';
import { platformAdmin } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError } from '../errors.ts';

type TenantRow = Awaited<ReturnType<typeof tenants.create>>;
const toTenant = (t: TenantRow) => ({
  id: t.id,
  code: t.code,
  name: t.name,
  kind: t.kind as never,
  time_zone: t.time_zone,
  created_at: t.created_at.toISOString(),
});

export async function tenantRoutes(app: FastifyInstance, deps: AppDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    '/v1/tenants',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a tenant (collectivité); platform administrators only',
        body: TenantInput,
        response: { 201: Tenant, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (request, reply) => {
      platformAdmin(request);
      if (await tenants.findByCode(deps.db, request.body.code))
        throw new AppError(409, 'conflict', `tenant ${request.body.code} already exists`, 'code');
      const row = await tenants.create(deps.db, {
        code: request.body.code,
        name: request.body.name,
        kind: request.body.kind,
        timeZone: request.body.time_zone,
      });
      await recordEvent(deps.db, request, null, {
        action: 'tenant.created',
        target: { kind: 'tenant', id: row.id },
        details: { code: row.code, kind: row.kind },
      });
      return reply.status(201).send(toTenant(row));
    },
  );

  typed.get(
    '/v1/tenants',
    {
      schema: {
        tags: ['admin'],
        summary: 'List tenants; platform administrators only',
        response: { 200: z.object({ items: z.array(Tenant) }), 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      platformAdmin(request);
      return { items: (await tenants.list(deps.db)).map(toTenant) };
    },
  );
}
