import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable, type Transform } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import zlib from 'node:zlib';
import { EMPTY_ALLOW_LIST, type AllowList } from './allow-list.ts';
import { urlRefusal } from './check-url.ts';
import { guardedLookup, systemResolve, type Resolve } from './guarded-lookup.ts';

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** 'follow' re-checks every hop; 'manual' answers the 3xx itself (the default: a URL answers itself). */
  redirect?: 'follow' | 'manual';
  /** The calling tenant's allow-list, on top of the platform's OUTBOUND_ALLOW. */
  allow?: AllowList;
}

export interface OutboundOptions {
  /** The platform's exceptions (OUTBOUND_ALLOW). */
  allow: AllowList;
  resolve?: Resolve;
  maxRedirects?: number;
}

export type OutboundFetch = (url: string, init?: OutboundInit) => Promise<Response>;
export type Outbound = ReturnType<typeof createOutbound>;

const NULL_BODY = new Set([204, 205, 304]);
// As fetch does: MDM pages are large JSON, so they are asked for compressed and read decompressed.
const DECODERS: Record<string, () => Transform> = {
  gzip: zlib.createGunzip,
  'x-gzip': zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
};
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/**
 * The one HTTP client of every call Vigie makes to a URL a tenant gave (webhooks, MDM sources):
 * internal addresses are refused before connecting (IP literals) and while connecting (each DNS
 * answer), on every redirect hop too. Built on node:http because its `lookup` hook sees the
 * addresses actually connected to; the subset of fetch it speaks is what the callers use.
 */
export function createOutbound(options: OutboundOptions) {
  const resolve = options.resolve ?? systemResolve;
  const maxRedirects = options.maxRedirects ?? 5;
  // Kept-alive sockets are pooled per allow-list: a socket opened under one tenant's exceptions is
  // never reused by a tenant without them.
  const agents = new Map<string, { http: http.Agent; https: https.Agent }>();

  function agentsFor(tenant: AllowList) {
    const key = tenant.entries.join(',');
    let pair = agents.get(key);
    if (!pair) {
      const lookup = guardedLookup(resolve, [options.allow, tenant]);
      pair = { http: new http.Agent({ keepAlive: true, lookup }), https: new https.Agent({ keepAlive: true, lookup }) };
      agents.set(key, pair);
    }
    return pair;
  }

  function send(
    url: URL,
    init: OutboundInit,
    method: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<IncomingMessage> {
    const tenant = init.allow ?? EMPTY_ALLOW_LIST;
    const refusal = urlRefusal(url, [options.allow, tenant]);
    if (refusal) return Promise.reject(refusal);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const pair = agentsFor(tenant);
    const agent = url.protocol === 'https:' ? pair.https : pair.http;
    return new Promise((resolveResponse, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        { method, headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
        resolveResponse,
      );
      request.on('error', (error) => reject(init.signal?.aborted ? init.signal.reason : error));
      request.end(body);
    });
  }

  const fetchOutbound: OutboundFetch = async (input, init = {}) => {
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    let headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...init.headers };
    for (let hop = 0; ; hop++) {
      const response = await send(url, init, method, body, headers);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (init.redirect === 'follow' && REDIRECT.has(status) && location) {
        response.resume();
        if (hop >= maxRedirects) throw new TypeError(`more than ${maxRedirects} redirects`);
        const next = new URL(location, url);
        // As fetch does: 303 (and 301/302 after a POST) become a GET, and credentials stay on their origin.
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) [method, body] = ['GET', undefined];
        if (next.origin !== url.origin)
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
        url = next;
        continue;
      }
      return toResponse(response, method);
    }
  };

  return {
    fetch: fetchOutbound,
    /** Why a URL is refused by its text (an internal literal or name) under these allow-lists, or null. */
    refusal: (url: string, allow: AllowList = EMPTY_ALLOW_LIST) => urlRefusal(url, [options.allow, allow]),
    close() {
      for (const pair of agents.values()) {
        pair.http.destroy();
        pair.https.destroy();
      }
      agents.clear();
    },
  };
}

function toResponse(response: IncomingMessage, method: string): Response {
  const headers = new Headers();
  const decoder =
    DECODERS[
      String(response.headers['content-encoding'] ?? '')
        .trim()
        .toLowerCase()
    ];
  for (const [name, value] of Object.entries(response.headers)) {
    if (decoder && (name === 'content-encoding' || name === 'content-length')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const status = response.statusCode ?? 0;
  const empty = NULL_BODY.has(status) || method === 'HEAD';
  if (empty) response.resume();
  const stream = decoder && !empty ? response.pipe(decoder()) : response;
  if (stream !== response) response.on('error', (error) => stream.destroy(error));
  const body = empty ? null : (Readable.toWeb(stream) as ReadableStream<Uint8Array>);
  return new Response(body as globalThis.ReadableStream<Uint8Array> | null, { status, statusText: response.statusMessage ?? '', headers });
}
