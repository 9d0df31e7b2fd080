/**
 * One record of the Slack actions queue: parse it, act, and decide its fate.
 * - done / refused → acknowledged (deleted)
 * - retry → `RetryLater` thrown (the record is reported as a batch item failure and comes back
 *   after the visibility timeout); when Slack or TheHive asked to wait (Retry-After) it is
 *   re-sent to wait that long instead, and the wait uses no attempt (bounded: see
 *   shared/delivery/target-wait.ts)
 * - after `maxReceiveCount` tries, or for a permanent failure or an unreadable message → parked
 *   in the DLQ as DeadLetter { message, failure } with the reason, then acknowledged
 */
import type { DeadLetter, FailureRecord } from '../delivery/message.js';
import { formatIssues } from '../config/errors.js';
import { SecretNotFoundError, type Metrics, type QueueClient } from '../ports.js';
import { RetryLater } from '../delivery/retry-later.js';
import { secondsTooEarly, sqsDelay, waitingCopy, withoutWaits } from '../delivery/target-wait.js';
import { slackActionMessageSchema, type SlackActionMessage } from './act-message.js';
import { performSlackAction, type ActDeps, type ActOutcome } from './act.js';

/** What a retried record throws (shared with the other queues' handlers). */
export { RetryLater };

export interface ActRecord {
  messageId: string;
  body: string;
  /** SQS ApproximateReceiveCount */
  receiveCount: number;
}

export interface ActQueueDeps extends ActDeps {
  queue: QueueClient;
  queueUrl: string;
  dlqUrl: string;
  maxReceiveCount: number;
}

/** The clients an action needs, built for each record from (cached) secrets. */
export type ActClients = Pick<ActQueueDeps, 'thehive' | 'slack'>;

export interface ActRecordDeps extends Omit<ActQueueDeps, keyof ActClients> {
  /** resolves the secrets and builds the clients; a failure is a secret failure */
  connect(): Promise<ActClients>;
  metrics?: Metrics;
  /** observes each record's result kind ('retry' for one left to come back) */
  onResult?: (kind: string) => void;
}

/** A redriven DeadLetter may come back as is (StartMessageMoveTask moves bodies unchanged): unwrap it. */
function unwrap(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && 'message' in raw && 'failure' in raw) return (raw as DeadLetter<unknown>).message;
  return raw;
}

export function readActionMessage(body: string): { ok: true; message: SlackActionMessage } | { ok: false; reason: string; raw: unknown } {
  let raw: unknown;
  try {
    raw = unwrap(JSON.parse(body));
  } catch {
    return { ok: false, reason: 'unreadable message: not JSON', raw: body.slice(0, 2000) };
  }
  const parsed = slackActionMessageSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `unreadable message: ${formatIssues(parsed.error).join('; ')}`, raw };
  return { ok: true, message: parsed.data };
}

/** Send a DeadLetter { message, failure } to the DLQ (the caller then acknowledges the record). */
export async function park(deps: Pick<ActQueueDeps, 'queue' | 'dlqUrl' | 'clock'>, message: unknown, failure: Omit<FailureRecord, 'lastAttemptAt'>): Promise<void> {
  const letter: DeadLetter<unknown> = { message, failure: { ...failure, lastAttemptAt: new Date(deps.clock.now()).toISOString() } };
  await deps.queue.sendBatch(deps.dlqUrl, [{ id: 'dead', body: JSON.stringify(letter) }]);
}

export async function processActRecord(record: ActRecord, deps: ActQueueDeps): Promise<ActOutcome | { kind: 'parked'; reason: string }> {
  const read = readActionMessage(record.body);
  if (!read.ok) {
    deps.log.error('slack action message parked', { messageId: record.messageId, reason: read.reason });
    await park(deps, read.raw, { reason: read.reason, attempts: record.receiveCount, permanent: true });
    return { kind: 'parked', reason: read.reason };
  }
  const message = read.message;
  const attempts = (message.attempts ?? 0) + record.receiveCount;
  // a wait longer than SQS delays: back for the rest, using no attempt and calling no one
  const tooEarly = secondsTooEarly(message, deps.clock.now());
  if (tooEarly > 0) {
    await sendAgain(deps, { ...message, attempts: attempts - 1 }, tooEarly);
    return { kind: 'retry', reason: 'waiting as asked (Retry-After)', afterSeconds: tooEarly };
  }
  const outcome = await performSlackAction(message, deps);
  if (outcome.kind === 'done' || outcome.kind === 'refused') return outcome;

  if (outcome.kind === 'retry' && outcome.afterSeconds !== undefined) {
    // the target is pacing us, not failing: this receive was no attempt
    const copy = waitingCopy({ ...message, attempts: attempts - 1 }, outcome.afterSeconds, deps.clock.now());
    if (copy) {
      await sendAgain(deps, copy, outcome.afterSeconds);
      return outcome;
    }
  }
  if (outcome.kind === 'permanent' || attempts >= deps.maxReceiveCount) {
    const tries = message.waits ? `${attempts} attempts and ${message.waits.count} waits the target asked for` : `${attempts} attempts`;
    const reason = outcome.kind === 'permanent' ? outcome.reason : `gave up after ${tries}: ${outcome.reason}`;
    deps.log.error('slack action parked in the DLQ', { caseId: message.caseId, slackUser: message.actor.userId, reason });
    // parked without its attempts and waits: a redrive is an operator's decision and gets a fresh budget
    const { attempts: _tried, ...original } = withoutWaits(message);
    await park(deps, original, {
      reason,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      error: outcome.reason,
      attempts,
      permanent: outcome.kind === 'permanent',
    });
    return { kind: 'parked', reason };
  }
  if (outcome.afterSeconds !== undefined) {
    // its waits used up, a target still pacing us costs an attempt per wait (≤ 15 min)
    await sendAgain(deps, { ...message, attempts }, outcome.afterSeconds);
    return outcome;
  }
  throw new RetryLater(outcome.reason);
}

/**
 * A record from the queue, secrets first: a secret that cannot be read is retried (a transient
 * failure) until `maxReceiveCount`, or parked at once when it does not exist. Then as
 * `processActRecord`, counting the result as SlackAction<Kind>. Returns the result's kind.
 */
export async function handleActRecord(record: ActRecord, deps: ActRecordDeps): Promise<string> {
  const { receiveCount } = record;
  let clients: ActClients;
  try {
    clients = await deps.connect();
  } catch (error) {
    const reason = `secrets: ${(error as Error).message}`;
    const permanent = error instanceof SecretNotFoundError;
    // told and counted like any other retry or parking
    if (!permanent && receiveCount < deps.maxReceiveCount) {
      deps.onResult?.('retry');
      throw new RetryLater(reason);
    }
    deps.log.error('slack action parked in the DLQ', { reason });
    const read = readActionMessage(record.body);
    await park(deps, read.ok ? read.message : read.raw, { reason, attempts: receiveCount, permanent });
    deps.metrics?.count('SlackActionParked', 1);
    deps.onResult?.('parked');
    return 'parked';
  }
  const { kind } = await processActRecord(record, { ...deps, ...clients }).catch((error: unknown) => {
    if (error instanceof RetryLater) deps.onResult?.('retry');
    throw error;
  });
  deps.metrics?.count(`SlackAction${kind[0].toUpperCase()}${kind.slice(1)}`, 1);
  deps.onResult?.(kind);
  return kind;
}

/** Put `copy` back on the actions queue, received again after `seconds` (at most SQS's 15 minutes). */
async function sendAgain(deps: Pick<ActQueueDeps, 'queue' | 'queueUrl'>, copy: SlackActionMessage, seconds: number): Promise<void> {
  await deps.queue.sendBatch(deps.queueUrl, [{ id: 'again', body: JSON.stringify(copy), delaySeconds: sqsDelay(seconds) }]);
}
