import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openApiOperations, type JsonSchema } from '../setup/route-table.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// zod strips keys it does not know: without the strict check a misspelt key would silently be a
// default (a replaced rule set, say). Every JSON body of the OpenAPI document is tried, so a new
// write route is checked without being listed here.

const env = useTestEnv();
const [tenant] = useTenants(env, 'strict');

const STRINGS: Record<string, string> = {
  uri: 'https://example.org/x',
  email: 'dsi@example.org',
  date: '2026-11-16',
  'date-time': '2026-11-16T10:00:00Z',
  uuid: randomUUID(),
};

/** The smallest value the schema describes: required properties only, the first enum value, the minimum. */
function minimal(schema: JsonSchema | undefined): unknown {
  if (!schema) return null;
  if (schema.default !== undefined) return schema.default;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return minimal(variant);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const limits = schema as { minimum?: number; minItems?: number; minLength?: number };
  if (type === 'object') return Object.fromEntries((schema.required ?? []).map((key) => [key, minimal(schema.properties?.[key])]));
  if (type === 'array') return Array.from({ length: limits.minItems ?? 0 }, () => minimal(schema.items));
  if (type === 'number' || type === 'integer') return Math.max(limits.minimum ?? 1, 1);
  if (type === 'boolean') return true;
  if (type === 'string') return STRINGS[schema.format ?? ''] ?? 'x'.repeat(Math.max(limits.minLength ?? 1, 1));
  return null;
}

const PATH_VALUES = (): Record<string, string> => ({ uai: tenant.uai, tenantId: tenant.tenantId, id: randomUUID(), run: randomUUID() });

describe('write schemas are strict', () => {
  it('a body a route accepts becomes a 400 naming the key once an unknown key is added, on every JSON write route', async () => {
    const writes = (await openApiOperations(env.app)).filter(
      (o) => o.op.requestBody?.content['application/json']?.schema?.type === 'object',
    );
    expect(writes.length).toBeGreaterThan(20);
    const accepting: string[] = [];
    const checked: string[] = [];
    for (const { method, path, op } of writes) {
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => PATH_VALUES()[name] ?? 'x');
      const body = minimal(op.requestBody!.content['application/json']!.schema) as Record<string, unknown>;
      const send = (payload: object) =>
        env.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${tenant.operator}` }, payload });
      const strict = await send({ ...body, zz_misspelt: 1 });
      if (strict.statusCode === 400 && strict.json().error.field === 'zz_misspelt') {
        checked.push(`${method} ${path}`);
        continue;
      }
      // Refused for another reason: conclusive only if the body without the unknown key is accepted.
      const plain = await send(body);
      if (plain.statusCode !== 400) accepting.push(`${method} ${path} answered ${strict.statusCode} ${strict.body.slice(0, 160)}`);
    }
    expect(accepting).toEqual([]);
    // Most routes take the smallest body their schema describes, so the check reaches them.
    expect(checked.length).toBeGreaterThan(writes.length / 2);
  });
});
