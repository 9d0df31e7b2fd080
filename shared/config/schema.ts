/**
 * The relay's configuration: one YAML (or JSON) file, validated by this schema in the CDK app,
 * the local runtime and the CLI alike (the Lambdas read the output the CDK app embedded, see
 * embedded.ts, and bundle no validator). Secrets are referenced ({ secret: NAME }), never inlined.
 */
import * as z from 'zod';
import { secretRefSchema, valueOrSecret } from './secret-ref.js';
import { notifierSchemas } from '../notifiers/schemas/registry.js';
import { httpUrl, notifierCommonShape } from '../notifiers/common.js';
import { inboundAuthFields as inboundAuthSchema } from './inbound-auth.js';
import { functionSchema } from '../functions/schema.js';
import { slackSchema } from '../slack/schema.js';
export type { InboundAuth } from './inbound-auth.js';

export const nameSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'expected a name of a-z, 0-9 and -, at most 40 characters');

export const theHiveSchema = z.strictObject({
  url: httpUrl,
  apiKey: secretRefSchema.optional(),
  organisation: z.string().min(1).optional(),
  /** which API the relay speaks back to TheHive; 5 also serves TheHive 4's /api/v1 */
  version: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(5),
});

export const ingestSchema = z.strictObject({
  auth: inboundAuthSchema,
  /** bodies above this are refused with 413 */
  maxBodyBytes: z.number().int().positive().max(6 * 1024 * 1024).default(1024 * 1024),
  /** how long a body's hash is remembered to route a re-post only once */
  dedupeSeconds: z.number().int().positive().default(86_400),
});

export const alarmsSchema = z.strictObject({
  /** email address subscribed to the alarms' SNS topic */
  email: z.email().optional(),
});

export const secretsSchema = z.strictObject({
  /** where `{ secret: NAME }` is looked up on AWS when the reference names no store */
  store: z.enum(['ssm', 'secretsmanager']).default('ssm'),
  /** SSM parameter path / Secrets Manager name prefix: NAME resolves to `${prefix}/${NAME}` */
  prefix: z.string().regex(/^\/?[A-Za-z0-9_.\-/]*$/).default('/hive-relay'),
});

export const relayConfigSchema = z.strictObject({
  /** CloudFormation stack name */
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/).default('HiveRelay'),
  thehive: theHiveSchema.optional(),
  ingest: ingestSchema,
  notifiers: z.array(z.discriminatedUnion('type', notifierSchemas)).default([]),
  functions: z.array(functionSchema).default([]),
  slack: slackSchema.optional(),
  alarms: alarmsSchema.default({}),
  secrets: secretsSchema.default({ store: 'ssm', prefix: '/hive-relay' }),
  /**
   * Hosts that outbound calls may reach even when they resolve to private addresses
   * (SSRF guard). Locally, loopback is always allowed.
   */
  allowHosts: z.array(z.string().min(1)).default([]),
});

/** A notifier's config: the common fields typed, the type's own fields checked by its module. */
export type NotifierConfig = z.infer<z.ZodObject<typeof notifierCommonShape>> & { type: string } & Record<string, unknown>;
export type RelayConfig = Omit<z.infer<typeof relayConfigSchema>, 'notifiers'> & { notifiers: NotifierConfig[] };
export { valueOrSecret };
