import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WebhookHeaders } from '@vigie/contracts';

export interface Received {
  body: string;
  delivery: string;
  verified: boolean;
}

/** A webhook receiver on 127.0.0.1 that verifies signatures and answers 500 to the first `failFirst` requests. */
export async function startReceiver(options: { failFirst?: number } = {}) {
  let secret = '';
  let failuresLeft = options.failFirst ?? 0;
  const accepted: Received[] = [];
  let requests = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    requests += 1;
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      res.writeHead(500).end('try later');
      return;
    }
    const body = Buffer.concat(chunks).toString();
    const verified = verifyWebhook(
      secret,
      String(req.headers[WebhookHeaders.timestamp]),
      body,
      String(req.headers[WebhookHeaders.signature]),
    );
    accepted.push({ body, delivery: String(req.headers[WebhookHeaders.delivery]), verified });
    res.writeHead(verified ? 204 : 401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    accepted,
    get requests() {
      return requests;
    },
    setSecret(value: string) {
      secret = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
