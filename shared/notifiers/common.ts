/** Fields every notifier has, whatever its type. */
import * as z from 'zod';
import { maxReceiveCountSchema } from '../config/receive-count.js';
import { triggerNames } from '../triggers/names.js';
import { filterProblem } from '../triggers/filter.js';

const notifierName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'expected a name of a-z, 0-9 and -, at most 40 characters');

/** An http(s) URL (config and notifier fields alike). */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected a URL' });

/** A TheHive query-language filter (validated structurally by shared/triggers/filter). */
export const filterSchema = z.record(z.string(), z.unknown()).superRefine((filter, ctx) => {
  const problem = filterProblem(filter);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.segments, message: problem.message });
});

export const notifierCommonShape = {
  /** unique; names the queue, DLQ and Lambda */
  name: notifierName,
  triggers: z.array(z.enum(triggerNames)).min(1, 'expected at least one trigger'),
  filter: filterSchema.optional(),
  /** only events of these organisations (name or id); all when absent */
  organisations: z.array(z.string().min(1)).optional(),
  /** receives before a transient failure is parked in the DLQ */
  maxReceiveCount: maxReceiveCountSchema,
  /** per outbound request */
  timeoutSeconds: z.number().int().min(1).max(60).default(10),
  /** optional Handlebars template; its meaning depends on the type */
  template: z.string().optional(),
};

/** Build a notifier config schema: the common fields plus the type's own. */
export const notifierSchema = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...notifierCommonShape, ...shape });
