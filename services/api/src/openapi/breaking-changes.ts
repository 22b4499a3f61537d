// What makes a new API document break a client written against the old one. A client sends what
// the old document asked for and reads what it promised: a new requirement on the request, or a
// promise withdrawn from a response, breaks it; anything added to a response or made optional in a
// request does not. Deliberately conservative: oneOf/anyOf are compared as wholes.

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  $ref?: string;
};
type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDoc = {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function resolver(doc: OpenApiDoc) {
  return (schema: Schema | undefined): Schema | undefined => {
    let s = schema;
    for (let depth = 0; s?.$ref && depth < 10; depth++) s = doc.components?.schemas?.[s.$ref.split('/').at(-1)!];
    return s;
  };
}

const typeOf = (s: Schema) =>
  JSON.stringify(
    [s.type]
      .flat()
      .filter((t) => t !== 'null')
      .sort(),
  );
const nullable = (s: Schema) => s.nullable === true || [s.type].flat().includes('null');

/** Where `next` breaks a client of `prev`, as readable lines (empty when compatible). */
export function breakingChanges(prev: OpenApiDoc, next: OpenApiDoc): string[] {
  const out: string[] = [];
  const rPrev = resolver(prev);
  const rNext = resolver(next);

  // Request side: the new schema may not demand what the old one did not.
  function request(at: string, a0: Schema | undefined, b0: Schema | undefined) {
    const a = rPrev(a0);
    const b = rNext(b0);
    if (!a || !b) return;
    if (a.type && b.type && typeOf(a) !== typeOf(b)) out.push(`${at}: type ${typeOf(a)} became ${typeOf(b)}`);
    if (nullable(a) && !nullable(b)) out.push(`${at}: no longer accepts null`);
    if (a.enum && b.enum) for (const v of a.enum) if (!b.enum.includes(v)) out.push(`${at}: no longer accepts ${JSON.stringify(v)}`);
    for (const name of b.required ?? []) if (!(a.required ?? []).includes(name)) out.push(`${at}.${name}: now required`);
    for (const [name, prop] of Object.entries(a.properties ?? {})) request(`${at}.${name}`, prop, b.properties?.[name]);
    if (a.items || b.items) request(`${at}[]`, a.items, b.items);
  }

  // Response side: the new schema must still give what the old one promised.
  function response(at: string, a0: Schema | undefined, b0: Schema | undefined) {
    const a = rPrev(a0);
    const b = rNext(b0);
    if (!a) return;
    if (!b) return void out.push(`${at}: no longer described`);
    if (a.type && b.type && typeOf(a) !== typeOf(b)) out.push(`${at}: type ${typeOf(a)} became ${typeOf(b)}`);
    if (!nullable(a) && nullable(b)) out.push(`${at}: may now be null`);
    for (const [name, prop] of Object.entries(a.properties ?? {})) {
      if (!b.properties?.[name]) out.push(`${at}.${name}: removed`);
      else {
        if ((a.required ?? []).includes(name) && !(b.required ?? []).includes(name)) out.push(`${at}.${name}: no longer always present`);
        response(`${at}.${name}`, prop, b.properties[name]);
      }
    }
    if (a.items) response(`${at}[]`, a.items, b.items);
  }

  for (const [path, ops] of Object.entries(prev.paths)) {
    for (const method of METHODS) {
      const a = ops[method];
      if (!a) continue;
      const op = `${method.toUpperCase()} ${path}`;
      const b = next.paths[path]?.[method];
      if (!b) {
        out.push(`${op}: removed`);
        continue;
      }
      for (const p of b.parameters ?? []) {
        const old = a.parameters?.find((q) => q.name === p.name && q.in === p.in);
        if (p.required && !old?.required) out.push(`${op}: ${p.in} parameter ${p.name} now required`);
        if (old) request(`${op} ${p.in} ${p.name}`, old.schema, p.schema);
      }
      if (b.requestBody?.required && a.requestBody && !a.requestBody.required) out.push(`${op}: body now required`);
      for (const [type, media] of Object.entries(a.requestBody?.content ?? {})) {
        if (!b.requestBody?.content?.[type]) out.push(`${op}: no longer accepts ${type}`);
        else request(`${op} body`, media.schema, b.requestBody.content[type]!.schema);
      }
      for (const [status, res] of Object.entries(a.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        const nextRes = b.responses?.[status];
        if (!nextRes) {
          out.push(`${op}: no longer answers ${status}`);
          continue;
        }
        for (const [type, media] of Object.entries(res.content ?? {}))
          response(`${op} ${status}`, media.schema, nextRes.content?.[type]?.schema);
      }
    }
  }
  return out;
}

/** The major part of a version string ("1.4.0" → 1). */
export const majorOf = (version: string) => Number(version.split('.')[0]);
