import http from 'node:http';
import https from 'node:https';

// Ingest requests (the demo's backfill, bench:ingest) go through node:http on keep-alive sockets:
// fetch (undici) costs the load generator several times the CPU per request, and on a machine that
// also runs the API, the worker and PostgreSQL, that CPU is taken from what is measured.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

export interface PostAnswer {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

/** POSTs a JSON body with a bearer token; answers the status, the body text and Retry-After. */
export function postJson(url: string, token: string, body: string): Promise<PostAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
