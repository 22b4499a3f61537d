import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StreamCloseCodes } from '@vigie/contracts';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { seedTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { useLink } from './session-client.ts';

const env = useTestEnv();
let url: string;
let cookie: string;

/** Opens /v1/stream as a browser would: the session cookie and the page's Origin, no token. */
async function openStream(origin: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/stream`, { headers: { cookie: `vigie_session=${cookie}`, origin } });
  const messages: { type: string; [k: string]: unknown }[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, messages, closed };
}

beforeAll(async () => {
  await seedTenant(env, 'dep77');
  url = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const link = await createLoginLink(env.db, env.config, { tenantCode: 'dep77', role: 'partner' });
  cookie = (await useLink(env.app, link.url)).cookie!;
});

describe('live stream with a session', () => {
  it("authenticates a socket opened by the dashboard's own page with the session cookie, with the session's role", async () => {
    const stream = await openStream(url);
    try {
      await expect.poll(() => stream.messages.find((m) => m.type === 'ready'), { timeout: 5_000 }).toMatchObject({ role: 'partner' });
      stream.socket.send(JSON.stringify({ type: 'subscribe', topics: ['fleet', 'alerts'] }));
      await expect
        .poll(() => stream.messages.find((m) => m.type === 'subscribed'), { timeout: 5_000 })
        .toMatchObject({ topics: ['fleet'] });
    } finally {
      stream.socket.terminate();
    }
  });

  it('ignores the cookie on a socket opened by a page of another site', async () => {
    const stream = await openStream('https://evil.example');
    stream.socket.send(JSON.stringify({ type: 'subscribe', topics: ['fleet'] }));
    expect(await stream.closed).toBe(StreamCloseCodes.unauthorized);
    expect(stream.messages.some((m) => m.type === 'ready')).toBe(false);
  });
});
