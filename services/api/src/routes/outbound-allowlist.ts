import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, OutboundAllowList, OutboundAllowListInput } from '@vigie/contracts';
import { entryProblem } from '@vigie/outbound';
import { tenants } from '@vigie/store';
import { platformAdmin } from '../auth.ts';
import type { RouteDeps } from '../app-deps.ts';
import { AppError, notFound } from '../errors.ts';

const params = z.object({ tenantId: z.uuid() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

/** A tenant's exceptions to the refusal of internal addresses: a platform decision, never the tenant's. */
export async function outboundAllowListRoutes(app: FastifyInstance, deps: RouteDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/tenants/:tenantId/outbound-allowlist',
    {
      schema: {
        tags: ['admin'],
        summary: "Internal addresses a tenant's webhooks and sources may reach; platform administrators only",
        params,
        response: { 200: OutboundAllowList, ...errors },
      },
    },
    async (request) => {
      platformAdmin(request);
      const entries = await tenants.outboundAllow(deps.db, request.params.tenantId);
      if (!entries) throw notFound('tenant');
      return { tenant_id: request.params.tenantId, entries };
    },
  );

  typed.put(
    '/v1/tenants/:tenantId/outbound-allowlist',
    {
      schema: {
        tags: ['admin'],
        summary: "Replace a tenant's allow-list of internal addresses (an on-premise GLPI); platform administrators only",
        params,
        body: OutboundAllowListInput,
        response: { 200: OutboundAllowList, ...errors },
      },
    },
    async (request) => {
      const principal = platformAdmin(request);
      request.body.entries.forEach((entry, index) => {
        const problem = entryProblem(entry);
        if (problem) throw new AppError(400, 'invalid_field', `entries.${index}: ${problem}`, `entries.${index}`);
      });
      const entries = [...new Set(request.body.entries)];
      const saved = await tenants.setOutboundAllow(deps.db, request.params.tenantId, entries);
      if (!saved) throw notFound('tenant');
      request.log.info({ tenantId: request.params.tenantId, entries: saved.length, by: principal.tokenId }, 'outbound allow-list replaced');
      return { tenant_id: request.params.tenantId, entries: saved };
    },
  );
}
