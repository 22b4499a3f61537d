import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '@vigie/contracts';
import { TopicBatch } from './topic-batch.ts';

const event = (id: string, sourceId: string) =>
  ({
    id,
    at: '2026-11-23T12:00:00.000Z',
    event: { kind: 'ingest.progress', source_id: sourceId, batches: [], events: 1, devices_created: 0 },
  }) as PublishedEvent;

describe('a topic batch', () => {
  it('keeps every event of an event topic (ingest), each about another batch group', () => {
    const batch = new TopicBatch('ingest', 200);
    batch.push(event('1-0', '00000000-0000-4000-8000-000000000001'));
    batch.push(event('2-0', '00000000-0000-4000-8000-000000000002'));
    expect(batch.take().events.map((e) => e.id)).toEqual(['1-0', '2-0']);
  });

  it('keeps only the latest event of a state topic', () => {
    const batch = new TopicBatch('fleet', 200);
    batch.push(event('1-0', '00000000-0000-4000-8000-000000000001'));
    batch.push(event('2-0', '00000000-0000-4000-8000-000000000001'));
    expect(batch.take().events.map((e) => e.id)).toEqual(['2-0']);
  });

  it("keeps the latest event of each kind of a state topic: an establishment's counts do not replace its activity", () => {
    const batch = new TopicBatch('establishment:00000000-0000-4000-8000-000000000009', 200);
    const state = (id: string, kind: string) => ({ id, at: '2026-11-23T12:00:00.000Z', event: { kind } }) as unknown as PublishedEvent;
    batch.push(state('1-0', 'establishment.activity'));
    batch.push(state('2-0', 'establishment.counts'));
    batch.push(state('3-0', 'establishment.counts'));
    expect(batch.take().events.map((e) => e.id)).toEqual(['1-0', '3-0']);
  });
});
