import { z } from 'zod';

/** A background recompute of rolled-up days after a change (GET /v1/recompute). */
export const RecomputeRun = z.object({
  id: z.uuid(),
  reason: z
    .string()
    .describe(
      'settings, establishment_settings, establishment, calendar, calendar_exception, obsolescence_rules or operator (npm run vigie -- recompute)',
    ),
  status: z.enum(['running', 'done']),
  from: z.iso.date(),
  to: z.iso.date(),
  days_total: z.number().int().describe('establishment-days to recompute (obsolescence_rules: 1, the fleet evaluation)'),
  days_done: z.number().int(),
  requested_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
});
export const RecomputeStatus = z.object({ pending: z.boolean().describe('some run is still running'), items: z.array(RecomputeRun) });
