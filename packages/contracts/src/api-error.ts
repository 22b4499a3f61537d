import { z } from 'zod';

/** Every machine-readable error code the API answers with. */
export const ErrorCodes = [
  'malformed_json',
  'invalid_envelope',
  'invalid_field',
  'unknown_type',
  'invalid_date',
  'out_of_range',
  'personal_data',
  'unknown_establishment',
  'unknown_cart',
  'too_many_events',
  'payload_too_large',
  'unsupported_media_type',
  'malformed_body',
  'invalid_query',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
  'source_limit',
  // A webhook or source URL on an internal address (loopback, private, link-local...), docs/security.md.
  'internal_address',
  // Item warnings: the item is accepted without the field named.
  'personal_data_removed',
  'unknown_field',
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];

export const ApiError = z.object({
  error: z.object({
    code: z.enum(ErrorCodes),
    message: z.string(),
    field: z.string().nullable(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/**
 * An item of an ingest batch that was refused (`rejected`), or accepted without one of its fields
 * (`accepted`: a personal field removed, an unknown field dropped, a placement the tenant lacks).
 */
export const ItemResult = z.object({
  index: z.number().int(),
  status: z.enum(['rejected', 'accepted']),
  code: z.enum(ErrorCodes),
  field: z.string().nullable(),
  message: z.string(),
});
export type ItemResult = z.infer<typeof ItemResult>;
