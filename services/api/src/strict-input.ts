import type { FastifyRequest, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { findUnstorableText } from '@vigie/contracts';
import { AppError } from './errors.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The path of the first key of `value` that `schema` does not declare, or null. zod strips unknown
 * keys silently: a misspelt key would then be a default (a replaced rule set, say) instead of a 400.
 * Objects declared loose (a catchall) accept any key; unions are followed into the option that fits.
 */
export function findUnknownKey(schema: z.ZodType, value: unknown, path = ''): string | null {
  const def = defOf(schema);
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return findUnknownKey(def.innerType!, value, path);
    case 'pipe':
      return findUnknownKey(def.in!, value, path);
    case 'lazy':
      return findUnknownKey(def.getter!(), value, path);
    case 'union': {
      const fitting = def.options!.find((option) => option.safeParse(value).success);
      return fitting ? findUnknownKey(fitting, value, path) : null;
    }
    case 'array':
      if (!Array.isArray(value)) return null;
      for (let i = 0; i < value.length; i++) {
        const found = findUnknownKey(def.element!, value[i], at(i));
        if (found) return found;
      }
      return null;
    case 'record':
      if (!isRecord(value)) return null;
      for (const [key, item] of Object.entries(value)) {
        const found = findUnknownKey(def.valueType!, item, at(key));
        if (found) return found;
      }
      return null;
    case 'object':
      if (!isRecord(value)) return null;
      for (const [key, item] of Object.entries(value)) {
        const declared = def.shape![key];
        if (!declared) {
          if (def.catchall) continue;
          return at(key);
        }
        const found = findUnknownKey(declared, item, at(key));
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/** zod validation, and for bodies no key the schema does not declare (a 400 naming it). */
export const strictValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart !== 'body') return validate;
  return (data: unknown) => {
    const result = validate(data) as { error?: Error | FastifySchemaValidationError[]; value?: unknown };
    if (result.error) return result;
    const unknown = findUnknownKey(route.schema, data);
    if (!unknown) return result;
    const issue: FastifySchemaValidationError = {
      instancePath: `/${unknown.replaceAll('.', '/')}`,
      message: 'unknown field (check its spelling)',
      keyword: 'additionalProperties',
      params: {},
      schemaPath: '',
    };
    return { error: [issue] };
  };
};

/**
 * preValidation hook: a NUL character anywhere in the query, the path or a JSON body is a 400 naming
 * the field, before anything reaches PostgreSQL (which refuses it in text: SQLSTATE 22021).
 */
export async function refuseUnstorableText(request: FastifyRequest) {
  const parts = [
    ['params', 'invalid_query'],
    ['query', 'invalid_query'],
    ['body', 'invalid_field'],
  ] as const;
  for (const [part, code] of parts) {
    const value = request[part];
    // A raw body (ingest, CSV import) is checked by its own route, item by item or line by line.
    if (value === undefined || value === null || typeof value === 'string') continue;
    const field = findUnstorableText(value);
    if (field) throw new AppError(400, code, `${part}.${field} holds a NUL character (\\u0000), which no field can store`, field);
  }
}

// Query strings end up in proxy logs, browser history and Referer headers: a token there is leaked.
const TOKEN_KEYS = new Set(['token', 'access_token', 'api_key', 'apikey', 'auth', 'authorization', 'bearer']);

// A one-time sign-in link is a URL by design (sent by e-mail, opened in a browser): its token works
// once, expires within minutes, is stored hashed, and its page sends no Referer and is never cached.
const URL_TOKEN_ROUTES = new Set(['/auth/link']);

/** onRequest hook: a token in the query string is a 400 (tokens go in the Authorization header only). */
export async function refuseTokenInQuery(request: FastifyRequest) {
  const at = request.url.indexOf('?');
  if (at === -1 || URL_TOKEN_ROUTES.has(request.routeOptions.url ?? '')) return;
  for (const [key, value] of new URLSearchParams(request.url.slice(at + 1))) {
    if (TOKEN_KEYS.has(key.toLowerCase()) || value.startsWith('vgi_')) {
      throw new AppError(
        400,
        'invalid_query',
        `${key}: tokens are sent in the Authorization header, never in the URL (revoke this one: it may be in logs)`,
        key,
      );
    }
  }
}
