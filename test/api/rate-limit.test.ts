import { describe, expect, it } from 'vitest';
import { apiTokens } from '@vigie/store';
import { seedTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';

const env = useTestEnv({ env: { INGEST_RATE_PER_MINUTE: '3' } });

describe('the ingest rate limit', () => {
  it('answers 429 rate_limited with retry-after past the per-token budget, and counts each token apart', async () => {
    const tenant = await seedTenant(env, 'rate');
    const push = (token: string) => postEvents(env, token, [heartbeat('d', baseTime(1), 0)]);
    for (let i = 0; i < 3; i++) expect((await push(tenant.connector)).statusCode).toBe(202);
    const limited = await push(tenant.connector);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const other = await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'connector', name: 'second' });
    expect((await push(other.token)).statusCode).toBe(202);
  });
});
