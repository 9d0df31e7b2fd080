/**
 * One message of a function's queue, end to end: translate the run, then settle the message.
 * A run to give up on is parked in the DLQ with its reason (the original message inside, so a
 * redrive runs it again); without a DLQ URL it is left to the queue's redrive policy.
 */
import { RetryLater } from '../delivery/retry-later.js';
import type { Log, Metrics, QueueClient } from '../ports.js';
import type { FunctionsDeps } from './deps.js';
import { parseFunctionMessage, type FunctionDeadLetter } from './message.js';
import { translateRun, type WorkerOutcome } from './translate.js';

export interface WorkerDeps extends FunctionsDeps {
  queue: QueueClient;
  dlqUrl?: string;
}

export type FunctionRecordResult = Awaited<ReturnType<typeof processFunctionRecord>>;

export interface TranslateRecordDeps extends WorkerDeps {
  log: Pick<Log, 'info' | 'warn'>;
  metrics?: Metrics;
  /** observes each record's result, before it is logged */
  onResult?: (result: FunctionRecordResult) => void;
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

/**
 * A record of a function's queue, as its handler settles it: processed, then logged and counted
 * by outcome (FunctionRunDone by status, FunctionRunParked, FunctionRunRetried). A run to retry
 * throws RetryLater, and so does a run to park without a DLQ URL: the queue's redrive policy
 * takes it. Returns the kind of a settled record.
 */
export async function handleTranslateRecord(record: { messageId: string; body: string; receiveCount: number }, deps: TranslateRecordDeps): Promise<'done' | 'parked'> {
  const result = await processFunctionRecord(record, deps);
  deps.onResult?.(result);
  const fields = { messageId: record.messageId, outcome: result.kind };
  switch (result.kind) {
    case 'done':
      deps.log.info('run done', { ...fields, status: result.status, alerts: result.alerts.map((a) => ({ sourceRef: a.sourceRef, id: a.id, outcome: a.outcome })) });
      deps.metrics?.count('FunctionRunDone', 1, { status: result.status });
      return result.kind;
    case 'parked':
      deps.log.warn('run parked in the DLQ', { ...fields, reason: result.reason });
      deps.metrics?.count('FunctionRunParked');
      return result.kind;
    case 'retry':
      deps.log.warn('run will be retried', { ...fields, error: result.error.message });
      deps.metrics?.count('FunctionRunRetried');
      throw new RetryLater(result.error.message);
    default:
      // no DLQ URL: leave it to the queue's redrive policy
      throw new RetryLater(result.failure.reason);
  }
}
