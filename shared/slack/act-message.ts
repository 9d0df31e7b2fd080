/**
 * What travels on the Slack actions queue (interactions → act), and what its DLQ keeps
 * (DeadLetter<SlackActionMessage>, see shared/delivery/message.ts).
 */
import * as z from 'zod';

const caseId = z.string().regex(/^~?[A-Za-z0-9_-]{1,64}$/, 'expected a TheHive case id');

export const caseChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('status'), value: z.string().min(1) }),
  z.strictObject({ kind: z.literal('severity'), value: z.number().int() }),
  z.strictObject({ kind: z.literal('tlp'), value: z.number().int() }),
  z.strictObject({ kind: z.literal('pap'), value: z.number().int() }),
  z.strictObject({ kind: z.literal('assignToMe') }),
  z.strictObject({
    kind: z.literal('addTask'),
    title: z.string().min(1).max(128),
    description: z.string().optional(),
    /** epoch ms */
    dueDate: z.number().int().optional(),
    /** Slack user id picked in the dialog, mapped to a TheHive login by email in the worker */
    assigneeSlackUser: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('close'), resolution: z.string().min(1), impact: z.string().min(1), summary: z.string().min(1) }),
]);
export type CaseChange = z.infer<typeof caseChangeSchema>;

export const slackActionMessageSchema = z.strictObject({
  v: z.literal(1),
  /** unique per interaction (trigger_id / view id): the idempotency key's root */
  id: z.string().min(1),
  caseId,
  change: caseChangeSchema,
  actor: z.strictObject({ teamId: z.string().min(1), userId: z.string().min(1), userName: z.string().optional() }),
  /** the case message to update in place and thread under */
  channel: z.string().min(1).optional(),
  messageTs: z.string().min(1).optional(),
  /** epoch ms when the interaction was acknowledged */
  requestedAt: z.number().int(),
  /** tries by earlier copies (a wait Slack or TheHive asked for is not one) */
  attempts: z.number().int().min(0).optional(),
  /** waits honoured so far and when the target may be called again (shared/delivery/target-wait.ts) */
  waits: z.strictObject({ count: z.number().int().min(0), seconds: z.number().min(0) }).optional(),
  notBefore: z.number().int().optional(),
});
export type SlackActionMessage = z.infer<typeof slackActionMessageSchema>;

export const caseRefPattern = /^case:(~?[A-Za-z0-9_-]{1,64})(?::.*)?$/;

/** `case:<id>` (optionally followed by `:<anything>`) → the case id. */
export function parseCaseRef(ref: string | undefined): string | undefined {
  return ref ? caseRefPattern.exec(ref)?.[1] : undefined;
}

export const caseRef = (id: string): string => `case:${id}`;
