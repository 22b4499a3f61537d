import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { StreamClientMessage, StreamCloseCodes, topicOf, type PublishedEvent } from '@vigie/contracts';
import { live } from '@vigie/queue';
import type { AppDeps } from '../app-deps.ts';
import { bearerToken, type Principal, type SessionResolver, type TenantPrincipal, type TokenResolver } from '../auth.ts';
import { SESSION_COOKIE } from '../sign-in/session-cookie.ts';
import type { LiveClient, LiveHub } from './live-hub.ts';
import type { SocketCaps } from './socket-caps.ts';
import { canSee, checkTopic, scopeOf } from './topic-access.ts';

// A resume sends at most this many events at once; the client resumes again from the last one.
const REPLAY_MAX = 1_000;

/**
 * GET /v1/stream: the websocket of live events, authenticated by header, by a first `auth` message,
 * or by a person's session cookie when the page is the dashboard's own (same origin).
 */
export async function streamRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  hub: LiveHub,
  caps: SocketCaps,
  resolveToken: TokenResolver,
  resolveSession: SessionResolver,
) {
  const ownOrigin = new URL(deps.config.api.publicUrl).origin;
  const sameOrigin = (origin: string | undefined, host: string | undefined) =>
    !!origin && (origin === ownOrigin || URL.parse(origin)?.host === host);
  // Sockets live for hours: closures keep the process logger, not the upgrade request (and its own).
  const log = deps.log.child({ route: '/v1/stream' });
  app.get('/v1/stream', { websocket: true, schema: { hide: true } }, (socket, request) => {
    let client: LiveClient | null = null;
    // Messages are handled one at a time so a subscribe never overtakes the auth before it.
    let queue: Promise<void> = Promise.resolve();
    const reply = (message: object) => socket.send(JSON.stringify(message));
    const fail = (code: number, message: string) => {
      reply({ type: 'error', code, message });
      socket.close(code, message.slice(0, 120));
    };
    const slot = caps.admit(request.ip);

    const authenticate = async (resolve: () => Promise<Principal | null>) => {
      const principal = await resolve();
      if (!principal) return fail(StreamCloseCodes.unauthorized, 'unknown or revoked token or session');
      if (!principal.tenantId) return fail(StreamCloseCodes.forbidden, 'live streams need a token bound to a tenant');
      if (socket.readyState !== socket.OPEN) return;
      if (!slot?.authenticate(principal.tokenId))
        return fail(
          StreamCloseCodes.tooManySockets,
          `too_many_sockets: at most ${deps.config.live.maxSocketsPerToken} open streams per token`,
        );
      clearTimeout(authTimer);
      const endsAt = principal.expiresAt?.getTime() ?? null;
      client = {
        socket,
        principal: principal as TenantPrincipal,
        scope: scopeOf(principal as TenantPrincipal),
        topics: new Set(),
        alive: true,
        endsAt,
      };
      await hub.add(client);
      reply({ type: 'ready', tenant_id: principal.tenantId, role: principal.role });
    };

    const handle = async (raw: string) => {
      let parsed;
      try {
        parsed = StreamClientMessage.safeParse(JSON.parse(raw));
      } catch {
        return fail(StreamCloseCodes.badMessage, 'messages are JSON objects');
      }
      if (!parsed.success)
        return reply({ type: 'error', code: StreamCloseCodes.badMessage, message: parsed.error.issues[0]?.message ?? 'bad message' });
      const message = parsed.data;
      if (message.type === 'auth') return client ? undefined : authenticate(() => resolveToken(message.token));
      if (!client) return fail(StreamCloseCodes.unauthorized, 'send {"type":"auth","token":"..."} first');
      if (message.type === 'unsubscribe') {
        hub.unsubscribe(client, message.topics);
        return reply({ type: 'unsubscribed', topics: message.topics });
      }
      const decisions = message.topics.map((t) => checkTopic(client!.principal, t));
      const topics = decisions.flatMap((d) => (d.ok ? [d.topic] : []));
      hub.subscribe(client, topics);
      reply({ type: 'subscribed', topics, denied: decisions.flatMap((d) => (d.ok ? [] : [{ topic: d.topic, reason: d.reason }])) });
      if (message.last_event_id && topics.length > 0) await resume(client, message.last_event_id, new Set(topics));
    };

    const resume = async (target: LiveClient, lastId: string, topics: Set<string>) => {
      const result = await live.readSince(deps.redis, deps.config.redis.prefix, target.principal.tenantId, lastId, REPLAY_MAX);
      if (!result.ok) return reply({ type: 'resume_gap', oldest_id: result.oldestId });
      const events = result.events.filter((e: PublishedEvent) => topics.has(topicOf(e.event)) && canSee(target.principal, e.event));
      hub.send(target, JSON.stringify({ type: 'replay', events, more: result.events.length === REPLAY_MAX }));
    };

    const authTimer = setTimeout(() => {
      if (!client) fail(StreamCloseCodes.authTimeout, 'no auth message in time');
    }, deps.config.live.authTimeoutMs);

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (client) client.alive = true;
      const raw = isBinary ? '' : data.toString('utf8');
      queue = queue
        .then(() => handle(raw))
        .catch((err: unknown) => {
          log.error({ err }, 'live message failed');
          fail(1011, 'internal error');
        });
    });
    socket.on('pong', () => {
      if (client) client.alive = true;
    });
    socket.on('close', () => {
      clearTimeout(authTimer);
      slot?.release();
      if (client) void hub.remove(client);
    });
    // Sockets live for hours, so nothing may keep the upgrade's HTTP objects alive: @fastify/websocket's
    // error listener holds its request and reply, and the TCP socket still points at the unused
    // ServerResponse @fastify/websocket routed the upgrade with (3.5 KB of heap per socket, measured).
    socket.removeAllListeners('error');
    releaseUpgradeResponse(socket);
    socket.on('error', () => socket.terminate());
    if (!slot)
      return fail(StreamCloseCodes.tooManySockets, 'too_many_sockets: too many open streams from this address or waiting to authenticate');

    // Browsers send cookies on a websocket from any site and no CSRF header can ride along, so a
    // session authenticates only a socket opened by a page of Vigie's own origin.
    const token = bearerToken(request.headers.authorization);
    const secret = request.cookies[SESSION_COOKIE];
    const resolve = token
      ? () => resolveToken(token)
      : secret && sameOrigin(request.headers.origin, request.headers.host)
        ? () => resolveSession(secret)
        : null;
    if (resolve) {
      queue = queue
        .then(() => authenticate(resolve))
        .catch((err: unknown) => {
          log.error({ err }, 'live authentication failed');
          fail(1011, 'internal error');
        });
    }
  });
}

function releaseUpgradeResponse(socket: WebSocket) {
  const tcp = (socket as unknown as { _socket?: Socket & { _httpMessage?: ServerResponse | null } })._socket;
  tcp?._httpMessage?.detachSocket(tcp);
}
