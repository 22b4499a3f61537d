import { z } from 'zod';

/** The path parameters of a route on one resource named by its id (GET, PATCH, DELETE alike). */
export const IdParams = z.object({ id: z.uuid() });

/** The schema of a DELETE route: its path parameters, an empty 204, and the error answers of its route file. */
export function deleteSchema<Params extends z.ZodType, Errors extends Record<number, z.ZodType>>(
  tag: string,
  summary: string,
  params: Params,
  errors: Errors,
) {
  return { tags: [tag], summary, params, response: { 204: z.null(), ...errors } };
}
