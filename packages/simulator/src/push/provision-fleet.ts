import { cartsOf } from '../events/inventory-events.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { call, type Api } from './vigie-client.ts';

export interface ProvisionedTenant {
  code: string;
  tenantId: string;
  created: boolean;
  operator: Api;
  connector: Api;
}

/**
 * Creates through the API what the fleet's events refer to: each tenant (reused when its code
 * exists), an operator and a connector token per tenant, the establishments and their carts
 * (409 = already there). Needs an admin token.
 */
export async function provisionFleet(admin: Api, plan: FleetPlan, tokenLabel: string): Promise<Map<string, ProvisionedTenant>> {
  const existing = (await call<{ items: { id: string; code: string }[] }>(admin, 'GET', '/v1/tenants')).body.items;
  const out = new Map<string, ProvisionedTenant>();
  for (const t of plan.tenants) {
    const found = existing.find((e) => e.code === t.code);
    const tenantId =
      found?.id ?? (await call<{ id: string }>(admin, 'POST', '/v1/tenants', { code: t.code, name: t.name, kind: t.kind })).body.id;
    const token = async (role: 'operator' | 'connector') =>
      (
        await call<{ token: string }>(admin, 'POST', `/v1/tenants/${tenantId}/tokens`, {
          role,
          name: `${tokenLabel} ${role}`,
          ...(role === 'connector' ? { expires_in_days: 365 } : {}),
        })
      ).body.token;
    out.set(t.code, {
      code: t.code,
      tenantId,
      created: !found,
      operator: { baseUrl: admin.baseUrl, token: await token('operator') },
      connector: { baseUrl: admin.baseUrl, token: await token('connector') },
    });
  }
  for (const e of plan.establishments) {
    const { operator } = out.get(e.tenantCode)!;
    await call(
      operator,
      'POST',
      '/v1/establishments',
      { uai: e.uai, name: e.name, type: e.type, calendar_zone: e.calendarZone, time_zone: e.timeZone },
      [409],
    );
  }
  for (const cart of cartsOf(plan)) {
    await call(out.get(cart.tenantCode)!.operator, 'POST', `/v1/establishments/${cart.uai}/carts`, { name: cart.name }, [409]);
  }
  return out;
}
