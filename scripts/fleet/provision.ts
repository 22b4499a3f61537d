import type { FleetPlan } from './fleet-plan.ts';
import { cartsOf } from './inventory.ts';
import { call, type Api } from './vigie-client.ts';

export interface Provisioned {
  tenantId: string;
  tenantCreated: boolean;
  operator: Api;
  connector: Api;
}

/**
 * Creates, through the API, what the fleet's events refer to: the tenant (reused when its code
 * exists), an operator and a connector token, the establishments and their carts (409 = already there).
 */
export async function provisionFleet(admin: Api, plan: FleetPlan, tokenLabel: string): Promise<Provisioned> {
  const existing = (await call<{ items: { id: string; code: string }[] }>(admin, 'GET', '/v1/tenants')).body.items.find((t) => t.code === plan.tenant.code);
  const tenantId = existing?.id
    ?? (await call<{ id: string }>(admin, 'POST', '/v1/tenants', { code: plan.tenant.code, name: plan.tenant.name, kind: 'departement' })).body.id;
  const token = async (role: 'operator' | 'connector') =>
    (await call<{ token: string }>(admin, 'POST', `/v1/tenants/${tenantId}/tokens`, { role, name: `${tokenLabel} ${role}` })).body.token;
  const operator = { baseUrl: admin.baseUrl, token: await token('operator') };
  const connector = { baseUrl: admin.baseUrl, token: await token('connector') };

  for (const e of plan.establishments) {
    await call(operator, 'POST', '/v1/establishments', { uai: e.uai, name: e.name, type: 'college', calendar_zone: e.calendarZone, time_zone: e.timeZone }, [409]);
  }
  for (const cart of cartsOf(plan)) {
    await call(operator, 'POST', `/v1/establishments/${cart.uai}/carts`, { name: cart.name }, [409]);
  }
  return { tenantId, tenantCreated: !existing, operator, connector };
}
