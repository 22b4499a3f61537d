import { addDays, localDate } from '@vigie/calendar';
import { apiTokens } from '@vigie/store';
import {
  datesFrom,
  planFleet,
  provisionFleet,
  pushBackfill,
  pushInventory,
  type FleetPlan,
  type ProvisionedTenant,
} from '@vigie/simulator';
import { freePort } from '../../scripts/stack/processes.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { createTestEnv, type TestEnv } from '../setup/test-env.ts';
import { rollupQueueDrained } from '../setup/queues-drained.ts';

export interface WebFleet {
  env: TestEnv;
  /** http://127.0.0.1:PORT, the API (and the dashboard it serves) listening on a free port. */
  baseUrl: string;
  plan: FleetPlan;
  tenant: ProvisionedTenant;
  /** The simulated local days pushed, oldest first (the last is today in Paris). */
  dates: string[];
  close(): Promise<void>;
}

export interface WebFleetOptions {
  devices?: number;
  establishments?: number;
  days?: number;
  /** Distinct per test file: two files on the same Redis must not share tenant codes in live channels. */
  tenantPrefix: string;
  env?: Record<string, string>;
}

/**
 * A small simulated département fleet behind a real Vigie: the API in-process on a cloned database,
 * listening on a free port, an in-process worker, and the same simulator pushes `npm run demo` makes
 * (inventory, then `days` days of activity up to now, through the ingest API), stored and rolled up.
 */
export async function startWebFleet(options: WebFleetOptions): Promise<WebFleet> {
  // The port is chosen first so the API knows its public address: sign-in links and the OpenID
  // callback are built from it.
  const port = await freePort();
  const env = await createTestEnv({
    ...ROLLUP_TEST_ENV,
    INGEST_RATE_PER_MINUTE: '100000',
    API_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  });
  try {
    await env.startWorker();
    const baseUrl = await env.app.listen({ host: '127.0.0.1', port });
    const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'web tests' });
    const plan = planFleet({
      seed: 13,
      devices: options.devices ?? 120,
      establishments: options.establishments ?? 3,
      tenantPrefix: options.tenantPrefix,
    });
    const tenant = [...(await provisionFleet({ baseUrl, token: admin.token }, plan, 'web tests')).values()][0]!;
    const today = localDate(new Date(), 'Europe/Paris');
    const days = options.days ?? 14;
    const dates = datesFrom(addDays(today, 1 - days), days);
    const push = { concurrency: 4, duplicateShare: 0 };
    const connector = () => tenant.connector;
    const pushed = [
      await pushInventory(connector, plan, Date.parse(`${dates[0]}T00:00:00Z`), push),
      await pushBackfill(connector, plan, dates, Date.now(), push),
    ];
    const rejected = pushed.reduce((n, s) => n + s.rejected, 0);
    if (rejected > 0)
      throw new Error(`${rejected} simulated events rejected, e.g. ${JSON.stringify(pushed.find((s) => s.rejected)?.firstRejection)}`);
    await rolledUp(env, tenant.tenantId, 300_000);
    await rollupQueueDrained(env, 120_000);
    return { env, baseUrl, plan, tenant, dates, close: () => env.close() };
  } catch (error) {
    await env.close();
    throw error;
  }
}
