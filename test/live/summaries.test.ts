import { beforeAll, describe, expect, it } from 'vitest';
import { fleetSummary } from '@vigie/store';
import { baseTime, inventory } from '../setup/events.ts';
import { connectStream, until } from '../setup/live-client.ts';
import { pushAndWait } from '../setup/push.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// Long enough that the second batch below is stored within the window the first one opened, on
// any machine; short enough that the last summary, published when it ends, keeps the test quick.
const WINDOW_MS = 3_000;

const env = useTestEnv({ env: { LIVE_SUMMARY_EVERY_MS: String(WINDOW_MS), LIVE_COALESCE_MS: '1' }, worker: true });
const [t] = useTenants(env, 'live-summaries');
let url: string;
beforeAll(async () => {
  url = await env.app.listen({ host: '127.0.0.1', port: 0 });
});

describe('live fleet and establishment counts', () => {
  it('end on the counts after the last batch, even one stored within the window of the batch before', async () => {
    const client = await connectStream(url, t.operator);
    await client.subscribe(['fleet', `establishment:${t.establishmentId}`]);
    const last = (kind: string) => client.events().findLast((e) => e.event.kind === kind)?.event.summary as { total: number } | undefined;
    const base = baseTime(1);
    await pushAndWait(env, t, [inventory('d1', base)]);
    await until(() => last('fleet.summary')?.total === 1, 10_000, 'the counts after the first batch');
    await pushAndWait(env, t, [inventory('d2', base)]);

    await until(
      () => last('fleet.summary')?.total === 2 && last('establishment.counts')?.total === 2,
      WINDOW_MS + 10_000,
      'the counts after the second batch',
    );
    const now = new Date();
    expect(last('fleet.summary')).toEqual(await fleetSummary.read(env.db, t.tenantId, now));
    expect(last('establishment.counts')).toEqual(
      (await fleetSummary.readByEstablishment(env.db, t.tenantId, now, [t.establishmentId])).get(t.establishmentId),
    );
    client.close();
  });
});
