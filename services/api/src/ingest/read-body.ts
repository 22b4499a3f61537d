import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { IngestEnvelope } from '@vigie/contracts';
import { AppError } from '../errors.ts';
import { findUnknownKey } from '../strict-input.ts';

/** preParsing hook: inflates gzip bodies; fastify's body limit then applies to the inflated bytes. */
export async function inflate(request: FastifyRequest, _reply: unknown, payload: Readable) {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  if (encoding !== 'gzip')
    throw new AppError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not supported; use gzip or none`);
  // fastify checks Content-Length against receivedEncodedLength of the stream it is handed.
  const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => {
    gunzip.receivedEncodedLength += chunk.length;
  });
  gunzip.on('error', (err) => gunzip.destroy(new AppError(400, 'malformed_body', `body is not valid gzip: ${err.message}`)));
  return payload.pipe(gunzip);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError(400, 'malformed_json', `${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The batch envelope from a JSON body ({"source", "events"}) or an NDJSON body (one event a line,
 * the source in ?source=).
 */
export function readEnvelope(request: FastifyRequest): IngestEnvelope {
  const body = typeof request.body === 'string' ? request.body : '';
  const isNdjson = (request.headers['content-type'] ?? '').startsWith('application/x-ndjson');
  const raw = isNdjson
    ? {
        source: (request.query as { source?: string }).source,
        events: body.split('\n').flatMap((line, i) => (line.trim() ? [parseJson(line, `line ${i + 1}`)] : [])),
      }
    : parseJson(body, 'body');
  const envelope = IngestEnvelope.safeParse(raw);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    const field = issue.path.join('.') || null;
    const hint = isNdjson && field === 'source' ? ' (NDJSON bodies name it in ?source=)' : '';
    throw new AppError(400, 'invalid_envelope', `${field ?? 'body'}: ${issue.message}${hint}`, field);
  }
  // The envelope is parsed here rather than by the route's schema, so its strictness is checked here
  // too; an event's unknown fields stay warnings (an MDM adding a field must not stop a feed).
  const unknown = findUnknownKey(IngestEnvelope, raw);
  if (unknown) throw new AppError(400, 'invalid_envelope', `${unknown}: unknown field of the envelope (check its spelling)`, unknown);
  return envelope.data;
}
