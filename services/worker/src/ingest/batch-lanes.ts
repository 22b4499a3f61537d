export type BatchResult<T> = { ok: true; value: T } | { ok: false; error: Error };

/** Stores a group of batches of one lane and says, batch by batch, how it went. */
export type StoreGroup<T> = (lane: Lane, batchIds: string[]) => Promise<Map<string, BatchResult<T>>>;

/** Stores what can be stored of a batch that failed alone, item by item (isolate-items.ts). */
export type IsolateBatch<T> = (lane: Lane, batchId: string, error: Error) => Promise<BatchResult<T>>;

export interface Lane {
  tenantId: string;
  sourceId: string;
}

interface Waiting<T> {
  batchId: string;
  events: number;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit for ingest: each tenant's source is a lane whose batches are stored one group at a
 * time. Batches submitted while a group is being stored wait and go together in the next one, so
 * statements, plans, round trips and commits are paid per group, not per batch, and two groups of
 * one source never queue on the same device rows. Under light load a group is a single batch and
 * nothing waits. A group that fails is retried batch by batch, so one bad batch fails alone; a
 * batch that fails alone goes to `isolate`, which stores its valid items and keeps the bad ones apart.
 */
export function batchLanes<T>(storeGroup: StoreGroup<T>, limits: { maxEvents: number }, isolate?: IsolateBatch<T>) {
  const lanes = new Map<string, Waiting<T>[]>();

  async function drain(key: string, lane: Lane, queue: Waiting<T>[]) {
    while (queue.length > 0) {
      let events = 0;
      let size = 0;
      while (size < queue.length && (size === 0 || events + queue[size]!.events <= limits.maxEvents)) events += queue[size++]!.events;
      const group = queue.splice(0, size);
      await storeInGroup(lane, group);
    }
    lanes.delete(key);
  }

  async function storeInGroup(lane: Lane, group: Waiting<T>[]) {
    try {
      settle(
        group,
        await storeGroup(
          lane,
          group.map((w) => w.batchId),
        ),
      );
    } catch (error) {
      if (group.length === 1)
        settleOne(
          group[0]!,
          isolate
            ? await isolate(lane, group[0]!.batchId, error as Error).catch((e: unknown) => ({ ok: false as const, error: e as Error }))
            : { ok: false, error: error as Error },
        );
      else for (const waiting of group) await storeInGroup(lane, [waiting]);
    }
  }

  return {
    /** Resolves once the batch is stored (or found already stored), rejects with its own failure. */
    submit(lane: Lane, batchId: string, events: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const key = `${lane.tenantId}/${lane.sourceId}`;
        const queue = lanes.get(key);
        const waiting = { batchId, events, resolve, reject };
        if (queue) {
          queue.push(waiting);
          return;
        }
        const fresh = [waiting];
        lanes.set(key, fresh);
        // Started after the current task: the other batches of the same job, submitted in the same
        // loop, then join this first group instead of waiting for the next one.
        queueMicrotask(() => void drain(key, lane, fresh));
      });
    },
  };
}

function settle<T>(group: Waiting<T>[], results: Map<string, BatchResult<T>>) {
  for (const waiting of group)
    settleOne(
      waiting,
      results.get(waiting.batchId) ?? { ok: false, error: new Error(`batch ${waiting.batchId} has no result in its group`) },
    );
}

function settleOne<T>(waiting: Waiting<T>, result: BatchResult<T>) {
  if (result.ok) waiting.resolve(result.value);
  else waiting.reject(result.error);
}
