/** Simulates the executor's memory between deliveries of an on-call notifier (unit tests). */
import type { NotifierType, OutboundRequest } from '../../../shared/notifiers/types.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { context } from './fixtures.js';

export function lifeRunner<C>(type: NotifierType<C>, config: C, secrets: Record<string, string>, status = 202) {
  let memory: Record<string, unknown> | undefined;
  const sent: OutboundRequest[] = [];
  return {
    sent,
    get memory() {
      return memory;
    },
    /** render with the current memory, "deliver" each request (2xx) and keep what it remembers */
    step(event: RelayEvent): OutboundRequest[] {
      const requests = type.render(event, config, context(secrets, memory));
      for (const request of requests) {
        const outcome = type.outcome({ status, headers: {}, body: '{}' }, request);
        if (outcome.kind !== 'delivered') throw new Error(`not delivered: ${JSON.stringify(outcome)}`);
        if (outcome.remember) memory = { ...(memory ?? {}), ...outcome.remember };
        sent.push(request);
      }
      return requests;
    },
  };
}
