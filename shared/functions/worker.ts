/**
 * One message of a function's queue, end to end: translate the run, then settle the message.
 * A run to give up on is parked in the DLQ with its reason (the original message inside, so a
 * redrive runs it again); without a DLQ URL it is left to the queue's redrive policy.
 */
import type { QueueClient } from '../ports.js';
import type { FunctionsDeps } from './deps.js';
import { parseFunctionMessage, type FunctionDeadLetter } from './message.js';
import { translateRun, type WorkerOutcome } from './translate.js';

export interface WorkerDeps extends FunctionsDeps {
  queue: QueueClient;
  dlqUrl?: string;
}


export async function processFunctionRecord(
  record: { body: string; receiveCount: number },
  deps: WorkerDeps,
): Promise<WorkerOutcome | { kind: 'parked'; reason: string }> {
  let outcome: WorkerOutcome;
  let message;
  try {
    message = parseFunctionMessage(record.body);
  } catch (error) {
    const failure = {
      reason: 'unreadable message',
      error: (error as Error).message,
      attempts: record.receiveCount,
      lastAttemptAt: new Date(deps.clock.now()).toISOString(),
      permanent: true,
    };
    outcome = { kind: 'park', failure };
    if (!deps.dlqUrl) return outcome;
    await deps.queue.sendBatch(deps.dlqUrl, [{ id: 'dead', body: JSON.stringify({ message: record.body, failure }) }]);
    return { kind: 'parked', reason: failure.reason };
  }
  outcome = await translateRun(message, { receiveCount: record.receiveCount }, deps);
  if (outcome.kind !== 'park' || !deps.dlqUrl) return outcome;
  const letter: FunctionDeadLetter = { message, failure: outcome.failure };
  await deps.queue.sendBatch(deps.dlqUrl, [{ id: 'dead', body: JSON.stringify(letter) }]);
  return { kind: 'parked', reason: outcome.failure.reason };
}
