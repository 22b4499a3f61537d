import { describe, expect, it } from 'vitest';
import { batchLanes, type BatchResult, type Lane } from './batch-lanes.ts';

/** A store that records the groups it was given and finishes each when told to. */
function recordingStore(fail: (ids: string[]) => boolean = () => false) {
  const groups: { lane: string; ids: string[] }[] = [];
  const pending: (() => void)[] = [];
  const store = (lane: Lane, ids: string[]) => {
    groups.push({ lane: lane.sourceId, ids });
    return new Promise<Map<string, BatchResult<string>>>((resolve, reject) => {
      pending.push(() =>
        fail(ids)
          ? reject(new Error(`group ${ids.join(',')} failed`))
          : resolve(new Map(ids.map((id) => [id, { ok: true, value: `stored ${id}` }]))),
      );
    });
  };
  const finishAll = async () => {
    // A lane starts storing after the task that submitted to it: let it start first.
    for (await tick(); pending.length > 0; await tick()) pending.shift()!();
  };
  return { store, groups, finishAll };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const intune = { tenantId: 't', sourceId: 'intune' };
const jamf = { tenantId: 't', sourceId: 'jamf' };

describe('batch lanes', () => {
  it('stores batches submitted together, and those that arrive while a group is stored, in one group per source', async () => {
    const { store, groups, finishAll } = recordingStore();
    const lanes = batchLanes(store, { maxEvents: 1_000 });
    const done = [lanes.submit(intune, 'a', 100), lanes.submit(jamf, 'x', 100), lanes.submit(intune, 'b', 100)];
    await tick();
    done.push(lanes.submit(intune, 'c', 100), lanes.submit(intune, 'd', 100));
    await finishAll();
    expect(await Promise.all(done)).toEqual(['stored a', 'stored x', 'stored b', 'stored c', 'stored d']);
    expect(groups).toEqual([
      { lane: 'intune', ids: ['a', 'b'] },
      { lane: 'jamf', ids: ['x'] },
      { lane: 'intune', ids: ['c', 'd'] },
    ]);
  });

  it('caps a group at the event limit, a batch larger than the limit going alone', async () => {
    const { store, groups, finishAll } = recordingStore();
    const lanes = batchLanes(store, { maxEvents: 250 });
    const done = ['a', 'b', 'c', 'd', 'e'].map((id) => lanes.submit(intune, id, id === 'd' ? 400 : 100));
    await finishAll();
    await Promise.all(done);
    expect(groups.map((g) => g.ids)).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
  });

  it('retries a failed group batch by batch, so only the bad batch fails', async () => {
    const { store, groups, finishAll } = recordingStore((ids) => ids.includes('bad'));
    const lanes = batchLanes(store, { maxEvents: 1_000 });
    const done = ['a', 'b', 'bad', 'c'].map((id) =>
      lanes.submit(intune, id, 100).then(
        (v) => v,
        (e: Error) => `rejected: ${e.message}`,
      ),
    );
    await finishAll();
    expect(await Promise.all(done)).toEqual(['stored a', 'stored b', 'rejected: group bad failed', 'stored c']);
    expect(groups.map((g) => g.ids)).toEqual([['a', 'b', 'bad', 'c'], ['a'], ['b'], ['bad'], ['c']]);
  });

  it('hands a batch that fails alone to the isolation step, whose outcome settles it', async () => {
    const { store, finishAll } = recordingStore((ids) => ids.includes('bad'));
    const isolated: string[] = [];
    const lanes = batchLanes(store, { maxEvents: 1_000 }, async (_lane, id, error) => {
      isolated.push(`${id}: ${error.message}`);
      return { ok: true, value: `partly stored ${id}` };
    });
    const done = ['a', 'bad'].map((id) => lanes.submit(intune, id, 100));
    await finishAll();
    expect(await Promise.all(done)).toEqual(['stored a', 'partly stored bad']);
    expect(isolated).toEqual(['bad: group bad failed']);
  });
});
