import type { IngestEvent, ItemResult } from '@vigie/contracts';
import type { SourcedBatch } from '../delivery/sourced-batches.ts';
import { postJson } from './post-json.ts';
import { ApiCallError, parseBody, type Api } from './vigie-client.ts';

export interface PushOptions {
  concurrency: number;
  /** Called after each accepted request, in completion order. */
  onBatch?: (batch: PushedBatch) => void;
  /** Attempts per request on 429, 5xx and network errors. */
  attempts?: number;
}

export interface PushedBatch {
  batchId: string | null;
  events: number;
  accepted: number;
  rejected: number;
  /** Duration of the successful attempt, request sent to answer read. */
  latencyMs: number;
  /** When the 202 arrived (epoch ms). */
  acceptedAt: number;
  rejections: ItemResult[];
}

export interface PushSummary {
  requests: number;
  events: number;
  accepted: number;
  rejected: number;
  retries: number;
  firstRejection: ItemResult | null;
  startedAt: number;
  endedAt: number;
}

interface Accepted {
  batch_id: string | null;
  accepted: number;
  rejected: number;
  results: ItemResult[];
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postOnce(api: Api, body: string): Promise<{ status: number; body: unknown; retryAfterS: number | null }> {
  const answer = await postJson(`${api.baseUrl}/v1/ingest/events`, api.token, body);
  const retryAfter = Number(answer.retryAfter);
  return {
    status: answer.status,
    body: parseBody(answer.text),
    retryAfterS: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  };
}

/** Posts one batch, retrying with backoff what a retry can fix; returns the batch and retries used. */
async function postBatch(
  api: Api,
  source: string,
  events: IngestEvent[],
  attempts: number,
): Promise<{ batch: PushedBatch; retries: number }> {
  const body = JSON.stringify({ source, events });
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let answer: Awaited<ReturnType<typeof postOnce>> | null = null;
    let failure: unknown = null;
    try {
      answer = await postOnce(api, body);
    } catch (error) {
      failure = error;
    }
    if (answer && (answer.status === 202 || answer.status === 207)) {
      const accepted = answer.body as Accepted;
      return {
        batch: {
          batchId: accepted.batch_id,
          events: events.length,
          accepted: accepted.accepted,
          rejected: accepted.rejected,
          latencyMs: performance.now() - started,
          acceptedAt: Date.now(),
          rejections: accepted.results,
        },
        retries: attempt - 1,
      };
    }
    const retryable = failure !== null || (answer !== null && RETRYABLE.has(answer.status));
    if (!retryable || attempt >= attempts) {
      if (answer) throw new ApiCallError('POST', '/v1/ingest/events', answer.status, answer.body);
      throw failure;
    }
    await sleep(answer?.retryAfterS ? answer.retryAfterS * 1000 : 250 * 2 ** attempt);
  }
}

/**
 * Sends batches to POST /v1/ingest/events with at most `concurrency` requests in flight. Batches are
 * pulled from the iterable only when a slot frees up, so a lazy generator is never run ahead.
 */
export async function pushBatches(
  apiFor: (tenantCode: string) => Api,
  batches: Iterable<SourcedBatch>,
  options: PushOptions,
): Promise<PushSummary> {
  const iterator = batches[Symbol.iterator]();
  const summary: PushSummary = {
    requests: 0,
    events: 0,
    accepted: 0,
    rejected: 0,
    retries: 0,
    firstRejection: null,
    startedAt: Date.now(),
    endedAt: 0,
  };
  let failed = false;
  const lane = async () => {
    for (let next = iterator.next(); !next.done && !failed; next = iterator.next()) {
      const { batch, retries } = await postBatch(
        apiFor(next.value.tenantCode),
        next.value.source,
        next.value.events,
        options.attempts ?? 6,
      ).catch((error: unknown) => {
        // The other lanes stop at their next batch instead of pushing on after a failure.
        failed = true;
        throw error;
      });
      summary.requests++;
      summary.retries += retries;
      summary.events += batch.events;
      summary.accepted += batch.accepted;
      summary.rejected += batch.rejected;
      summary.firstRejection ??= batch.rejections[0] ?? null;
      options.onBatch?.(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  summary.endedAt = Date.now();
  return summary;
}
