/**
 * `console`: prints each delivery (locally to the terminal, on AWS to the function's log).
 * The shipped example config uses it so a newcomer sees events flow at once.
 * It is delivered through the same pipeline as every other type, as a request to the
 * `console:` pseudo-URL that the delivery executor writes to its log sink.
 */
import * as z from 'zod';
import { notifierSchema } from './common.js';
import type { NotifierType } from './types.js';

const schema = notifierSchema('console', {
  /** prefix of each printed line */
  label: z.string().default('hive-relay'),
});
export type ConsoleNotifierConfig = z.infer<typeof schema>;

export const consoleNotifier: NotifierType<ConsoleNotifierConfig> = {
  type: 'console',
  schema,
  render(event, config) {
    const summary = `${event.objectType} ${event.action} ${event.objectId}`;
    return [{ key: 'print', method: 'POST', url: 'console:', body: `[${config.label}] ${config.name}: ${summary}` }];
  },
  outcome: () => ({ kind: 'delivered' }),
};
