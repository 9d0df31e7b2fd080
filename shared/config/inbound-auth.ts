/** How a caller proves who it is (TheHive's webhook, a function's source). */
import * as z from 'zod';
import { secretRefSchema } from './secret-ref.js';

export const inboundAuthFields = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), token: secretRefSchema }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: secretRefSchema }),
  z.strictObject({
    type: z.literal('header'),
    name: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name').default('x-api-key'),
    token: secretRefSchema,
  }),
  z.strictObject({ type: z.literal('none') }),
]);
export type InboundAuth = z.infer<typeof inboundAuthFields>;
