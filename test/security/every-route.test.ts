import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiOperations, type JsonSchema } from '../setup/route-table.ts';
import { tenantRowsReader } from '../setup/tenant-rows.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// Drives every route of the OpenAPI document with generated and hostile values: no answer is a 5xx,
// and an answer in 4xx writes nothing (every row of the tenant's tables counted before and after).
// Routes come from /openapi.json, so a new route is driven without being listed here.

const NUMBERS = [0, -1, 1, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53, -(2 ** 63), 1e-320];
const STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE devices; --",
  '../../etc/passwd',
  '%00',
  '%',
  'x'.repeat(5_000),
  '\ud800',
  '🙂',
  '2026-02-30',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '2026-12-07T10:00:00+14:00',
  '-1',
  '1e308',
  'NaN',
  'null',
  '{}',
  '=HYPERLINK("x")',
  '00000000-0000-4000-8000-000000000000',
  '0770934X',
  '*',
  'tablet',
  'age',
];
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(...NUMBERS, ...STRINGS, null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.double(), fc.integer(), fc.uuid()) },
);
const hostileNumber = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: hostileLeaf });

/** Values shaped like the schema most of the time, hostile at the leaves, sometimes hostile whole. */
function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileLeaf;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, depth + 1)));
  if (schema.enum?.length) return fc.oneof(fc.constantFrom(...schema.enum), hostileLeaf);
  if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const), hostileLeaf);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    const shape = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, child]) => [key, valueFor(child, depth + 1)]));
    const object = fc.oneof({ weight: 3, arbitrary: fc.record(shape) }, { weight: 1, arbitrary: fc.record(shape, { requiredKeys: [] }) });
    const extra = fc
      .tuple(object, fc.string({ minLength: 1, maxLength: 12 }), hostileLeaf)
      .map(([o, key, value]) => ({ ...o, [key]: value }));
    return fc.oneof({ weight: 4, arbitrary: object }, { weight: 1, arbitrary: extra }, { weight: 1, arbitrary: hostileLeaf });
  }
  if (type === 'array')
    return fc.oneof(
      { weight: 4, arbitrary: fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 }) },
      { weight: 1, arbitrary: hostileLeaf },
    );
  if (type === 'number' || type === 'integer') return hostileNumber;
  if (type === 'boolean') return fc.oneof(fc.boolean(), hostileLeaf);
  if (type === 'string' && schema.format === 'uuid') return fc.oneof(fc.uuid(), hostileLeaf);
  if (type === 'string' && schema.format === 'date')
    return fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      hostileLeaf,
    );
  if (type === 'string' && schema.format === 'date-time')
    return fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      hostileLeaf,
    );
  return hostileLeaf;
}

const asQueryText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

const env = useTestEnv();
const [tenant] = useTenants(env, 'fuzz');
let countRows: () => Promise<Record<string, number | string>>;
beforeAll(async () => {
  countRows = await tenantRowsReader(env.db, tenant.tenantId, 'count');
});

describe('every route of the OpenAPI document', () => {
  it('answers generated and hostile input without a 5xx, and writes nothing when it answers 4xx', { timeout: 300_000 }, async () => {
    const routes = (await openApiOperations(env.app)).filter((r) => r.path !== '/v1/stream');
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const { method, path, op } of routes) {
      const params = op.parameters ?? [];
      const body = op.requestBody?.content['application/json']?.schema;
      const request = fc.record({
        path: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, valueFor(p.schema)]))),
        query: fc.record(Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, valueFor(p.schema)])), {
          requiredKeys: [],
        }),
        body: body ? valueFor(body) : fc.constant(undefined),
      });
      await fc
        .assert(
          fc.asyncProperty(request, async (input) => {
            const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(asQueryText(input.path[name])));
            const query = new URLSearchParams(
              Object.entries(input.query).map(([k, v]): [string, string] => [k, asQueryText(v)]),
            ).toString();
            // Reads are not expected to write: rows are counted around the other methods only (the cost of a run).
            const writes = method !== 'GET';
            const before = writes ? await countRows() : null;
            const res = await env.app.inject({
              method: method as 'GET',
              url: `${url}${query ? `?${query}` : ''}`,
              headers: { authorization: `Bearer ${tenant.operator}` },
              ...(input.body === undefined || method === 'GET' || method === 'DELETE'
                ? {}
                : {
                    payload: JSON.stringify(input.body),
                    headers: { authorization: `Bearer ${tenant.operator}`, 'content-type': 'application/json' },
                  }),
            });
            const problem =
              res.statusCode >= 500
                ? `answered ${res.statusCode} ${res.body.slice(0, 200)}`
                : writes && res.statusCode >= 400 && JSON.stringify(await countRows()) !== JSON.stringify(before)
                  ? `answered ${res.statusCode} yet wrote rows`
                  : null;
            if (problem) failures.push(`${method} ${path}: ${problem} for ${JSON.stringify(input).slice(0, 300)}`);
            return problem === null;
          }),
          { numRuns: method === 'GET' ? 12 : 30, seed: 20261207, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  });
});
