import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '@vigie/contracts';
import { isUnreachable } from '@vigie/store';

/** An error the API answers as { error: { code, message, field } } with its HTTP status. */
export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(statusCode: number, code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.field = field;
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);

// Fastify's own errors (body parsing, limits, media types) mapped onto the API's codes.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
};

function fromValidation(error: FastifyError): AppError {
  const first = error.validation?.[0];
  const context = error.validationContext ?? 'body';
  const params = first?.params as { missingProperty?: string; keys?: string[] } | undefined;
  // A key a strict schema does not know is named by itself, under the path of its object.
  const unknownKey = first?.keyword === 'unrecognized_keys' ? params?.keys?.[0] : undefined;
  const at = [first?.instancePath?.replace(/^\//, '').replaceAll('/', '.'), unknownKey].filter(Boolean).join('.');
  const path = at || params?.missingProperty || null;
  const code: ErrorCode = context === 'body' ? 'invalid_field' : 'invalid_query';
  return new AppError(400, code, `${context}${path ? `.${path}` : ''}: ${first?.message ?? error.message}`, path);
}

/**
 * PostgreSQL refusing what a request asked for, as a client error: a unique key already held (409,
 * the key's column as field, no values echoed), or one statement given the same key twice (400).
 * Routes check the common cases first with a clear message; this covers the races and the rest.
 */
function fromPostgres(error: { code?: string; detail?: string; table?: string }): AppError | null {
  if (error.code === '23505') {
    const columns =
      /^Key \(([^)]*)\)/
        .exec(error.detail ?? '')?.[1]
        ?.split(', ')
        .filter((c) => c !== 'tenant_id') ?? [];
    const field = columns.at(-1) ?? null;
    return new AppError(409, 'conflict', `${error.table ?? 'an entry'} with the same ${columns.join(', ') || 'key'} already exists`, field);
  }
  if (error.code === '21000') return new AppError(400, 'invalid_field', 'the request lists the same entry twice');
  // Data exceptions (class 22: a number out of range, a malformed date, a character text cannot
  // hold...) are what the request carried; routes validate first, this is the net under them.
  if (error.code?.startsWith('22'))
    return new AppError(
      400,
      'invalid_field',
      `a value cannot be stored or compared as given (SQLSTATE ${error.code})`,
      (error as { column?: string }).column ?? null,
    );
  return null;
}

// A dependency down or refusing connections: the request may succeed later, so 503 with Retry-After
// rather than 500.
const RETRY_AFTER_SECONDS = '5';

export const unavailable = (what: string) => new AppError(503, 'unavailable', `${what} is unreachable; retry in a few seconds`);

/** The one error handler: typed errors pass through, 4xx from fastify are mapped, 5xx are logged and hidden. */
export function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  let appError: AppError;
  const refused = fromPostgres(error as { code?: string; detail?: string; table?: string });
  if (error instanceof AppError) appError = error;
  else if ((error as FastifyError).validation) appError = fromValidation(error as FastifyError);
  else if (error.code && FASTIFY_CODES[error.code])
    appError = new AppError(error.statusCode ?? 400, FASTIFY_CODES[error.code]!, error.message);
  else if (error instanceof SyntaxError) appError = new AppError(400, 'malformed_json', 'body is not valid JSON');
  else if (error.statusCode === 429) appError = new AppError(429, 'rate_limited', error.message);
  else if (refused) appError = refused;
  else if (isUnreachable(error)) {
    request.log.warn({ err: error }, 'a dependency is unreachable');
    appError = unavailable('a service Vigie depends on');
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    appError = new AppError(error.statusCode, 'invalid_field', error.message);
  else {
    request.log.error({ err: error }, 'request failed');
    appError = new AppError(500, 'internal', 'internal error; the request id is in the x-request-id header');
  }
  if (appError.statusCode >= 500 && appError.code !== 'internal' && appError.code !== 'unavailable')
    request.log.error({ err: error }, 'request failed');
  if (appError.statusCode === 503) reply.header('retry-after', RETRY_AFTER_SECONDS);
  return reply.status(appError.statusCode).send({ error: { code: appError.code, message: appError.message, field: appError.field } });
}
