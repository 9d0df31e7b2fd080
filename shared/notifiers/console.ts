/**
 * `console`: prints each delivery (locally to the terminal, on AWS to the function's log).
 * The shipped example config uses it so a newcomer sees events flow at once.
 * It is delivered through the same pipeline as every other type, as a request to the
 * `console:` pseudo-URL that the delivery executor writes to its log sink.
 */
import type { RelayEvent } from '../events/model.js';
import type { NotifierType } from './types.js';
import type { ConsoleNotifierConfig } from './schemas/console.js';

/** "Case create AV-sample-1 #1 "Hello from curl" (MEDIUM) by analyst" */
export function consoleLine(event: RelayEvent): string {
  const object = event.object ?? {};
  const parts = [`${event.objectType} ${event.action} ${event.objectId}`];
  if (typeof object.number === 'number') parts.push(`#${object.number}`);
  const title = object.title ?? object.data ?? object.message;
  if (typeof title === 'string' && title) parts.push(JSON.stringify(title.length > 80 ? `${title.slice(0, 79)}…` : title));
  if (typeof object.severityLabel === 'string') parts.push(`(${object.severityLabel})`);
  if (event._createdBy) parts.push(`by ${event._createdBy}`);
  return parts.join(' ');
}

export const consoleNotifier: NotifierType<ConsoleNotifierConfig> = {
  type: 'console',
  render(event, config) {
    return [{ key: 'print', method: 'POST', url: 'console:', body: `[${config.label}] ${config.name}: ${consoleLine(event)}` }];
  },
  outcome: () => ({ kind: 'delivered' }),
};
