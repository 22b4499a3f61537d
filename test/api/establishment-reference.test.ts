import { describe, expect, it } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [a, b] = useTenants(env, 'ref-a', { code: 'ref-b', uai: '0770935Y' });

const call = (token: string, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

describe('establishment reference data', () => {
  it('shows the default rhythm of the type until an operator sets one', async () => {
    const before = (await call(a.operator, 'GET', '/v1/establishments')).json().items[0];
    expect(before).toMatchObject({ uai: '0770934X', rhythm: 'wednesday_afternoon_off', pupils: null, closed: false });
    const res = await call(a.operator, 'PATCH', '/v1/establishments/0770934X', {
      rhythm: 'five_days',
      pupils: 640,
      education_priority: 'REP',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rhythm: 'five_days', pupils: 640, education_priority: 'REP' });
  });

  it('creates an école with its reference attributes', async () => {
    const res = await call(a.operator, 'POST', '/v1/establishments', {
      uai: '0770001H',
      name: 'Ecole Pasteur',
      type: 'ecole',
      calendar_zone: 'C',
      pupils: 212,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rhythm: 'wednesday_off', pupils: 212 });
  });

  it("a tenant cannot change another tenant's establishment, and a bad rhythm is refused by field", async () => {
    expect((await call(a.operator, 'PATCH', '/v1/establishments/0770935Y', { pupils: 1 })).statusCode).toBe(404);
    expect((await call(b.operator, 'GET', '/v1/establishments')).json().items[0].pupils).toBeNull();
    const bad = await call(a.operator, 'PATCH', '/v1/establishments/0770934X', { rhythm: 'saturday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('rhythm');
  });
});
