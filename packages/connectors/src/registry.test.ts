import { describe, expect, it } from 'vitest';
import { SourceKinds } from '@vigie/contracts';
import { connectorFor, registeredKinds } from './registry.ts';

describe('connector registry', () => {
  it('registers exactly the source kinds the API accepts', () => {
    expect(registeredKinds().sort()).toEqual([...SourceKinds].sort());
    for (const kind of SourceKinds) expect(connectorFor(kind)?.kind).toBe(kind);
    expect(connectorFor('push')).toBeUndefined();
  });
});
