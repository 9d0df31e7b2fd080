/**
 * `console`: prints each delivery (locally to the terminal, on AWS to the function's log).
 * The shipped example config uses it so a newcomer sees events flow at once.
 * It is delivered through the same pipeline as every other type, as a request to the
 * `console:` pseudo-URL that the delivery executor writes to its log sink.
 */
import type { NotifierType } from './types.js';
import type { ConsoleNotifierConfig } from './schemas/console.js';

export const consoleNotifier: NotifierType<ConsoleNotifierConfig> = {
  type: 'console',
  render(event, config) {
    const summary = `${event.objectType} ${event.action} ${event.objectId}`;
    return [{ key: 'print', method: 'POST', url: 'console:', body: `[${config.label}] ${config.name}: ${summary}` }];
  },
  outcome: () => ({ kind: 'delivered' }),
};
