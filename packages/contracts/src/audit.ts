import { z } from 'zod';

/** Who can act: a program's token, a person's session, the operator CLI, or Vigie itself (retention). */
export const AuditActorKinds = ['token', 'session', 'cli', 'system'] as const;
export type AuditActorKind = (typeof AuditActorKinds)[number];

// A dotted action name (source.created, alert.acknowledged): what the journal's filters match.
const actionName = z
  .string()
  .max(80)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'a dotted action name such as source.created');

export const AuditQuery = z.object({
  action: actionName.optional().describe('exact action, e.g. source.created'),
  actor: z.string().min(1).max(200).optional().describe("the actor's id (token or session id) or display name"),
  target_kind: z.string().min(1).max(60).optional(),
  target_id: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('before'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'the next_cursor of the previous page')
    .optional()
    .describe('next_cursor of the previous page'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ kind: z.enum(AuditActorKinds), id: z.string().nullable(), name: z.string(), address: z.string().nullable() }),
  action: z.string(),
  target: z.object({ kind: z.string(), id: z.string().nullable() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditList = z.object({ items: z.array(AuditEvent), next_cursor: z.string().nullable() });
export type AuditList = z.infer<typeof AuditList>;
