/** DynamoDB TTL, locally: every so often, delete the state items whose `expiresAt` passed. */
import type { DynamoStateStore } from '../shared/adapters/dynamodb.js';
import type { Log } from '../shared/ports.js';

export function startTtlSweep(state: DynamoStateStore, everyMs: number, log: Log): { stop(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    state
      .sweepExpired()
      .then((removed) => removed && log.debug('TTL sweep', { removed }))
      .catch((error: Error) => log.warn('TTL sweep failed', { error: error.message }))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
