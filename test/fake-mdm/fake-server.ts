import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Faults a fake MDM injects, by 1-based index of list (non-auth) requests. */
export interface Faults {
  rateLimitAt?: number[];
  retryAfter?: string;
  /** The rate-limit answer when the MDM does not use 429 (Google: 403 userRateLimitExceeded). */
  rateLimitReply?: FakeReply;
  /** 503 on each of these requests: consecutive numbers make a burst. */
  errorsAt?: number[];
  slowAt?: number[];
  slowMs?: number;
  /** Every issued token stops working just before these requests (expiry mid-sync). */
  expireTokensAt?: number[];
  /** Called before the list request of this index: lets a test shift the list while it pages. */
  beforeRequest?: Record<number, () => void>;
  /** The list request of this index is answered only once this promise settles: a sync held mid-run, without timing. */
  holdAt?: Record<number, Promise<void>>;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeMdm {
  url: string;
  stats: { authRequests: number; listRequests: number; refused: number };
  close(): Promise<void>;
}

export interface FakeRoutes {
  /** Answers auth requests (token, login, session); returns null if the request is not one. */
  auth(req: FakeRequest, issue: () => string): FakeReply | null;
  /** Whether a list request carries a valid credential (tokens issued by auth, or a fixed key). */
  authorised(req: FakeRequest, tokens: Set<string>): boolean;
  list(req: FakeRequest, base: string): FakeReply;
  /** The status a refused list request gets (Graph 401; GLPI answers 401 too). */
  refusedStatus?: number;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => {
      data += c.toString();
    });
    req.on('end', () => resolve(data));
  });

function send(res: ServerResponse, reply: FakeReply) {
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(body);
}

/** A plain node:http MDM on a random 127.0.0.1 port, with the given routes and faults. */
export async function startFakeMdm(routes: FakeRoutes, faults: Faults = {}): Promise<FakeMdm> {
  const tokens = new Set<string>();
  let issued = 0;
  const stats = { authRequests: 0, listRequests: 0, refused: 0 };
  let base = '';
  const server = createServer(async (raw, res) => {
    const req: FakeRequest = {
      method: raw.method ?? 'GET',
      url: new URL(raw.url ?? '/', base),
      headers: raw.headers,
      body: await readBody(raw),
    };
    const auth = routes.auth(req, () => {
      const token = `tok-${++issued}-${Math.random().toString(36).slice(2)}`;
      tokens.add(token);
      return token;
    });
    if (auth) {
      stats.authRequests++;
      return send(res, auth);
    }
    const n = ++stats.listRequests;
    if (faults.expireTokensAt?.includes(n)) tokens.clear();
    faults.beforeRequest?.[n]?.();
    await faults.holdAt?.[n];
    if (!routes.authorised(req, tokens)) {
      stats.refused++;
      return send(res, { status: routes.refusedStatus ?? 401, body: { error: 'unauthorized' } });
    }
    if (faults.rateLimitAt?.includes(n) && faults.rateLimitReply) return send(res, faults.rateLimitReply);
    if (faults.rateLimitAt?.includes(n))
      return send(res, {
        status: 429,
        headers: { 'retry-after': faults.retryAfter ?? '0.05' },
        body: { error: { code: 'TooManyRequests' } },
      });
    if (faults.errorsAt?.includes(n)) return send(res, { status: 503, body: { error: 'unavailable' } });
    const reply = routes.list(req, base);
    if (faults.slowAt?.includes(n)) {
      // The client times out and retries; this late answer goes nowhere.
      setTimeout(() => {
        if (!res.destroyed) send(res, reply);
      }, faults.slowMs ?? 1_500);
      return;
    }
    send(res, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const bearerOf = (req: FakeRequest) => req.headers.authorization?.replace(/^Bearer /, '') ?? '';
