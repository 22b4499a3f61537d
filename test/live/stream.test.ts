import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '@vigie/contracts';
import { createRedis, live } from '@vigie/queue';
import { apiTokens, fleetSummary, establishments } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { WebSocket } from 'ws';
import { connectStream, until } from '../setup/live-client.ts';

// A tiny send bound and no coalescing delay, so a stalled reader is detected within the test.
const env = useTestEnv({
  env: { LIVE_MAX_BUFFER_BYTES: '1024', LIVE_COALESCE_MS: '1', LIVE_PING_SECONDS: '1', LIVE_AUTH_TIMEOUT_MS: '1000' },
  worker: true,
});
const [a, b] = useTenants(env, 'live-a', 'live-b');
let url: string;
let publisher: live.LivePublisher;
const publisherRedis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

const alert = (n: number, establishmentId: string | null): LiveEvent => ({
  kind: 'alert.opened',
  alert: {
    id: crypto.randomUUID(),
    rule_id: crypto.randomUUID(),
    rule_kind: 'device_offline',
    severity: 'warning',
    state: 'open',
    subject_type: 'device',
    subject_id: `device-${n}`,
    establishment_id: establishmentId,
    title: `device ${n} silent for 14 days ${'x'.repeat(120)}`,
  },
});

beforeAll(async () => {
  url = await env.app.listen({ host: '127.0.0.1', port: 0 });
  publisher = live.createLivePublisher(publisherRedis, env.config.redis.prefix, env.config.live.window);
});
afterAll(async () => {
  publisherRedis.disconnect();
});

describe('/v1/stream', () => {
  it('a real websocket client receives ingest progress and fleet counts published by the worker', async () => {
    const client = await connectStream(url, a.operator);
    await client.next('ready');
    const subscribed = await client.subscribe(['ingest', 'fleet', `establishment:${a.establishmentId}`]);
    expect(subscribed.denied).toEqual([]);
    const base = baseTime(1);
    await push(env, a.connector, [inventory('d1', base), heartbeat('d1', base, 5), inventory('d2', base)], 'jamf');
    await until(
      () => ['ingest.progress', 'fleet.summary', 'establishment.counts'].every((k) => client.events().some((e) => e.event.kind === k)),
      15_000,
      'three live events',
    );
    const counts = client.events().find((e) => e.event.kind === 'establishment.counts')!.event;
    expect(counts).toMatchObject({ establishment_id: a.establishmentId, uai: a.uai, summary: { total: 2 } });
    // The live counts are the REST summary of that establishment.
    expect((counts as unknown as { summary: unknown }).summary).toEqual(
      await fleetSummary.read(env.db, a.tenantId, new Date(), [a.establishmentId]),
    );
    client.close();
  });

  it('authenticates with a first message, and refuses an unknown token with close code 4001', async () => {
    const good = await connectStream(url, null);
    good.send({ type: 'auth', token: a.operator });
    expect((await good.next('ready')).tenant_id).toBe(a.tenantId);
    const bad = await connectStream(url, null);
    bad.send({ type: 'auth', token: 'vgi_nope' });
    await until(() => bad.closed !== null, 5_000, 'close');
    expect(bad.closed!.code).toBe(4001);
    good.close();
  });

  it('a client of tenant A never receives tenant B events, whatever it subscribes to', async () => {
    const client = await connectStream(url, a.operator);
    await client.next('ready');
    await client.subscribe([
      'alerts',
      'fleet',
      'ingest',
      'sync',
      `establishment:${b.establishmentId}`,
      `establishment:${a.establishmentId}`,
    ]);
    for (let n = 0; n < 20; n++) await publisher.publish(b.tenantId, alert(n, b.establishmentId));
    await publisher.publish(b.tenantId, {
      kind: 'fleet.summary',
      summary: { total: 99, by_kind: {}, by_status: {}, last_seen: {}, unmanaged: 0 },
    });
    await publisher.publish(b.tenantId, {
      kind: 'establishment.counts',
      establishment_id: b.establishmentId,
      uai: b.uai,
      summary: { total: 99, by_kind: {}, by_status: {}, last_seen: {}, unmanaged: 0 },
    });
    const marker = alert(1000, a.establishmentId);
    await publisher.publish(a.tenantId, marker);
    await until(() => client.events().some((e) => e.event.kind === 'alert.opened'), 5_000, 'the marker');
    const seen = client.events().map((e) => JSON.stringify(e.event));
    expect(seen.filter((s) => s.includes(b.establishmentId) || s.includes('"total":99'))).toEqual([]);
    client.close();
  });

  it('an establishment token follows only its establishments, and sees only their alerts', async () => {
    const scoped = await apiTokens.create(env.db, {
      tenantId: a.tenantId,
      role: 'establishment',
      name: 'principal',
      establishmentUais: [a.uai],
    });
    const client = await connectStream(url, scoped.token);
    await client.next('ready');
    const subscribed = await client.subscribe([
      'alerts',
      'fleet',
      `establishment:${a.establishmentId}`,
      `establishment:${crypto.randomUUID()}`,
    ]);
    expect(subscribed.topics).toEqual(['alerts', `establishment:${a.establishmentId}`]);
    expect((subscribed.denied as unknown[]).length).toBe(2);
    await publisher.publish(a.tenantId, alert(1, null));
    await publisher.publish(a.tenantId, alert(2, a.establishmentId));
    // A socket delivers in order: once device-2's alert is in, device-1's would have come before it.
    await until(
      () => client.events().some((e) => (e.event as unknown as { alert: { subject_id: string } }).alert.subject_id === 'device-2'),
      5_000,
      "the establishment's alert",
    );
    expect(client.events().map((e) => (e.event as unknown as { alert: { subject_id: string } }).alert.subject_id)).toEqual(['device-2']);
    client.close();
  });

  it('clients scoped to different establishments of one tenant each receive only their own alerts of a shared update', async () => {
    const other = await establishments.create(env.db, a.tenantId, {
      uai: '0770935Y',
      name: 'Lycée',
      type: 'lycee',
      calendarZone: 'C',
      timeZone: 'Europe/Paris',
    });
    const first = await apiTokens.create(env.db, {
      tenantId: a.tenantId,
      role: 'establishment',
      name: 'first',
      establishmentUais: [a.uai],
    });
    const second = await apiTokens.create(env.db, {
      tenantId: a.tenantId,
      role: 'establishment',
      name: 'second',
      establishmentUais: ['0770935Y'],
    });
    const clients = await Promise.all([first.token, first.token, second.token, a.operator].map((token) => connectStream(url, token)));
    for (const client of clients) {
      await client.next('ready');
      await client.subscribe(['alerts']);
    }
    const [firstA, firstB, secondOnly, operator] = clients as [
      (typeof clients)[0],
      (typeof clients)[0],
      (typeof clients)[0],
      (typeof clients)[0],
    ];
    await publisher.publish(a.tenantId, alert(1, a.establishmentId));
    await publisher.publish(a.tenantId, alert(2, other.id));
    await publisher.publish(a.tenantId, alert(3, null));
    // A last alert for each establishment: a socket delivers in order, so once a client has its
    // establishment's last alert, it has everything it would ever get of the first three.
    await publisher.publish(a.tenantId, alert(4, a.establishmentId));
    await publisher.publish(a.tenantId, alert(5, other.id));
    const subjects = (client: typeof operator) =>
      client.events().map((e) => (e.event as unknown as { alert: { subject_id: string } }).alert.subject_id);
    await until(
      () =>
        clients.every((c) => subjects(c).includes(c === secondOnly ? 'device-5' : 'device-4')) && subjects(operator).includes('device-5'),
      5_000,
      'the last alerts',
    );
    expect(subjects(firstA)).toEqual(['device-1', 'device-4']);
    expect(subjects(firstB)).toEqual(['device-1', 'device-4']);
    expect(subjects(secondOnly)).toEqual(['device-2', 'device-5']);
    expect(subjects(operator)).toEqual(['device-1', 'device-2', 'device-3', 'device-4', 'device-5']);
    for (const client of clients) client.close();
  });

  it('an update larger than 64 KiB arrives whole', async () => {
    const client = await connectStream(url, a.operator);
    await client.next('ready');
    await client.subscribe(['alerts']);
    const big = alert(1, a.establishmentId);
    if (big.kind === 'alert.opened') big.alert.title = 'é'.repeat(40_000);
    await publisher.publish(a.tenantId, big);
    await until(() => client.events().length === 1, 5_000, 'the large alert');
    expect((client.events()[0]!.event as unknown as { alert: { title: string } }).alert.title).toBe('é'.repeat(40_000));
    client.close();
  });

  it('resumes from the last event id with the events it missed, and reports a gap beyond the window', async () => {
    const first = await connectStream(url, a.operator);
    await first.next('ready');
    await first.subscribe(['alerts']);
    await publisher.publish(a.tenantId, alert(1, a.establishmentId));
    await until(() => first.events().length === 1, 5_000, 'first alert');
    const lastId = first.events()[0]!.id;
    first.close();
    const missed = [];
    for (let n = 2; n <= 4; n++) missed.push(await publisher.publish(a.tenantId, alert(n, a.establishmentId)));
    const again = await connectStream(url, a.operator);
    await again.next('ready');
    await again.subscribe(['alerts'], lastId);
    const replay = await again.next('replay');
    expect(replay.events!.map((e) => e.id)).toEqual(missed);
    await again.subscribe(['alerts'], '1-0');
    expect((await again.next('resume_gap')).type).toBe('resume_gap');
    again.close();
  });

  it('a slow client is dropped and never stalls the others', async () => {
    const slow = await connectStream(url, a.operator);
    const fast = await connectStream(url, a.operator);
    await slow.next('ready');
    await fast.next('ready');
    await slow.subscribe(['alerts']);
    await fast.subscribe(['alerts']);
    // The slow client stops reading: what the server sends piles up in kernel buffers, then in ws.
    // Loopback socket buffers grow to several MiB, so enough rounds are sent to fill them whatever
    // the kernel's autotuning did (the paused client cannot see the close before it resumes).
    slow.socket.pause();
    let last = '';
    for (let round = 0; round < 160; round++) {
      await Promise.all(
        Array.from({ length: 200 }, (_, n) =>
          publisher
            .publish(a.tenantId, alert(round * 200 + n, a.establishmentId))
            .then((id) => (last = !last || live.compareIds(id, last) > 0 ? id : last)),
        ),
      );
      await until(() => fast.events().some((e) => e.id === last), 5_000, 'the fast client to keep up');
    }
    slow.socket.resume();
    await until(() => slow.closed !== null, 10_000, 'the slow client to be dropped');
    expect(slow.events().length).toBeLessThan(fast.events().length);
    fast.close();
  });

  it('drops a client that stops answering pings, keeps one that answers, and closes an unauthenticated socket in time', async () => {
    const answering = await connectStream(url, a.operator);
    const mute = new WebSocket(`${url.replace('http', 'ws')}/v1/stream`, {
      headers: { authorization: `Bearer ${a.operator}` },
      autoPong: false,
    });
    let muteClosed = false;
    mute.on('close', () => (muteClosed = true));
    const silent = await connectStream(url, null);
    await until(() => muteClosed, 5_000, 'the mute client to be dropped');
    await until(() => silent.closed !== null, 5_000, 'the auth timeout');
    expect(silent.closed!.code).toBe(4008);
    expect(answering.closed).toBeNull();
    answering.close();
  });
});
