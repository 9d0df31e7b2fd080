/** Config of `functions:`: third-party alerts translated into TheHive alerts. */
import * as z from 'zod';
import { maxReceiveCountSchema } from '../config/receive-count.js';
import { inboundAuthFields } from '../config/inbound-auth.js';
import { secretRefSchema } from '../config/secret-ref.js';

export const functionTypes = ['elastic', 'sekoia', 'splunk', 'wazuh', 'custom'] as const;

export const functionSchema = z.strictObject({
  /** serves POST /functions/{name}; names the queue, DLQ and Lambda */
  name: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'expected a name of a-z, 0-9 and -, at most 40 characters'),
  type: z.enum(functionTypes),
  mode: z.enum(['enabled', 'dry-run', 'disabled']).default('enabled'),
  auth: inboundAuthFields,
  /** defaults for created alerts */
  alert: z
    .strictObject({
      type: z.string().max(32).optional(),
      source: z.string().max(32).optional(),
      tags: z.array(z.string()).optional(),
      tlp: z.number().int().min(0).max(4).optional(),
      pap: z.number().int().min(0).max(3).optional(),
      caseTemplate: z.string().optional(),
      /** severity (1–4) when the payload carries none (Splunk's webhook body has no severity) */
      severity: z.number().int().min(1).max(4).optional(),
    })
    .optional(),
  sekoia: z.strictObject({ url: z.url().default('https://api.sekoia.io'), apiKey: secretRefSchema }).optional(),
  /** custom translators: path of a TS/JS module (relative to the config file) */
  module: z.string().optional(),
  maxReceiveCount: maxReceiveCountSchema,
  /** days a run record is kept */
  runRetentionDays: z.number().int().min(1).max(365).default(14),
  /** bodies above this are refused with 413 (kept whole in the run record, for a fix and a retry) */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .max(6 * 1024 * 1024)
    .default(1024 * 1024),
}).superRefine((fn, ctx) => {
  if (fn.type === 'custom' && !fn.module) {
    ctx.addIssue({ code: 'custom', path: ['module'], message: 'required for a custom function: the path of its translator module' });
  }
  if (fn.type !== 'custom' && fn.module) {
    ctx.addIssue({ code: 'custom', path: ['module'], message: `only custom functions have a module (this one is ${fn.type})` });
  }
  if (fn.type === 'sekoia' && !fn.sekoia) {
    ctx.addIssue({ code: 'custom', path: ['sekoia'], message: 'required for a sekoia function: { apiKey: { secret: NAME } } to read alerts from Sekoia.io' });
  }
});
export type FunctionConfig = z.infer<typeof functionSchema>;
