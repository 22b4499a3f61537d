import { describe, expect, it } from 'vitest';
import { checkAcknowledged, versionBefore } from './acknowledged-breaks.ts';
import { breakingChanges, type OpenApiDoc } from './breaking-changes.ts';

const obj = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const doc = (query: object[], body: Record<string, unknown>, response: Record<string, unknown>): OpenApiDoc => ({
  info: { version: '1.0.0' },
  paths: {
    '/v1/things': {
      post: {
        parameters: query as never,
        requestBody: { content: { 'application/json': { schema: body } } },
        responses: { '201': { content: { 'application/json': { schema: response } } } },
      },
    },
  },
});
const base = doc(
  [{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }],
  obj({ name: { type: 'string' } }),
  obj({ id: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] } }),
);

describe('breaking changes between two OpenAPI documents', () => {
  it('accepts additions: a new optional input, a new response field, a new operation', () => {
    const next = doc(
      [
        { name: 'q', in: 'query', schema: { type: 'string' } },
        { name: 'page', in: 'query', required: false, schema: { type: 'integer' } },
      ],
      obj({ name: { type: 'string' }, note: { type: 'string' } }, ['name']),
      obj({ id: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] }, extra: { type: 'number' } }),
    );
    next.paths['/v1/other'] = { get: {} };
    expect(breakingChanges(base, next)).toEqual([]);
  });

  it('flags a removed operation, a new requirement, a removed or retyped response field', () => {
    const next = doc(
      [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }],
      obj({ name: { type: 'string' }, owner: { type: 'string' } }),
      obj({ id: { type: 'integer' } }),
    );
    expect(breakingChanges(base, next)).toEqual([
      'POST /v1/things: query parameter q now required',
      'POST /v1/things body.owner: now required',
      'POST /v1/things 201.id: type ["string"] became ["integer"]',
      'POST /v1/things 201.kind: removed',
    ]);
    expect(breakingChanges(base, { info: { version: '2.0.0' }, paths: {} })).toEqual(['POST /v1/things: removed']);
  });
});

describe('acknowledged breaking changes', () => {
  const acknowledged = [{ since: '1.1.0', why: 'decided', changes: ['GET /v1/x 200.a: may now be null'] }];

  it('lets through exactly the acknowledged lines, from the version that made them, and refuses any other', () => {
    const found = ['GET /v1/x 200.a: may now be null', 'GET /v1/x 200.b: removed'];
    expect(checkAcknowledged(found, '1.0.0', '1.1.0', acknowledged)).toEqual({ refused: ['GET /v1/x 200.b: removed'], stale: [] });
    // Before the minor version is raised, the change is not acknowledged yet.
    expect(checkAcknowledged(found, '1.0.0', '1.0.0', acknowledged).refused).toEqual(found);
  });

  it('reports an acknowledged line the check no longer finds, and ignores entries older than the release compared with', () => {
    expect(checkAcknowledged([], '1.0.0', '1.2.0', acknowledged)).toEqual({ refused: [], stale: ['GET /v1/x 200.a: may now be null'] });
    expect(checkAcknowledged([], '1.1.0', '1.2.0', acknowledged)).toEqual({ refused: [], stale: [] });
    expect(versionBefore('1.9.0', '1.10.0')).toBe(true);
  });
});
