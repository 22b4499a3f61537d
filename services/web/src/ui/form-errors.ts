import type { z } from 'zod';
import { ApiFailure } from '../api/client.ts';
import type { MessageKey } from '../i18n/catalogue.ts';

// Form errors keyed by field path ("base_url", "mapping.0.uai"): the browser checks a form with the
// same zod schema the API validates with, and a refusal by the API lands beside the field it names.

export type FieldErrors = Record<string, MessageKey>;

/** The catalogue message for one zod issue: plain French, never zod's English text. */
function issueKey(issue: z.core.$ZodIssue): MessageKey {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' ? 'form.required' : 'form.tooSmall';
    case 'too_big':
      return 'form.tooBig';
    case 'invalid_format':
      return issue.format === 'url' ? 'form.url' : issue.format === 'email' ? 'form.email' : 'form.format';
    case 'invalid_type':
      return 'form.required';
    case 'invalid_value':
      return 'form.choice';
    default:
      return 'form.invalid';
  }
}

/** Parses `value` with `schema`: the data, or the first error of each field. */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { data: z.infer<S>; errors: null } | { data: null; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_form';
    errors[path] ??= issueKey(issue);
  }
  return { data: null, errors };
}

/**
 * A failed write as field errors: the API's `field` when it names one, else a form-level error.
 * `unavailable` is what a 503 means for this form (a setting the server cannot store yet).
 */
export function apiErrors(error: unknown, unavailable: MessageKey = 'state.error'): FieldErrors {
  if (error instanceof ApiFailure) {
    const key: MessageKey =
      error.code === 'conflict'
        ? 'form.conflict'
        : error.code === 'forbidden'
          ? 'state.forbidden'
          : error.code === 'internal_address'
            ? 'form.internalAddress'
            : error.code === 'unavailable'
              ? unavailable
              : error.status >= 500 || error.status === 0
                ? 'state.error'
                : 'form.invalid';
    return { [error.field ?? '_form']: key };
  }
  return { _form: 'state.error' };
}
