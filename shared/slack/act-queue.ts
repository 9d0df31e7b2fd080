/**
 * One record of the Slack actions queue: parse it, act, and decide its fate.
 * - done / refused → acknowledged (deleted)
 * - retry → `RetryLater` thrown (the record is reported as a batch item failure and comes back
 *   after the visibility timeout); when Slack asked to wait (Retry-After) it is re-sent with that
 *   delay instead, so waiting does not burn a receive
 * - after `maxReceiveCount` tries, or for a permanent failure or an unreadable message → parked
 *   in the DLQ as DeadLetter { message, failure } with the reason, then acknowledged
 */
import type { DeadLetter, FailureRecord } from '../delivery/message.js';
import { formatIssues } from '../config/errors.js';
import type { QueueClient } from '../ports.js';
import { slackActionMessageSchema, type SlackActionMessage } from './act-message.js';
import { performSlackAction, type ActDeps, type ActOutcome } from './act.js';

export class RetryLater extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RetryLater';
  }
}

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

/** SQS delays cap at 15 minutes. */
const MAX_DELAY_SECONDS = 900;

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
  const outcome = await performSlackAction(message, deps);
  if (outcome.kind === 'done' || outcome.kind === 'refused') return outcome;

  if (outcome.kind === 'permanent' || attempts >= deps.maxReceiveCount) {
    const reason = outcome.kind === 'permanent' ? outcome.reason : `gave up after ${attempts} attempts: ${outcome.reason}`;
    deps.log.error('slack action parked in the DLQ', { caseId: message.caseId, slackUser: message.actor.userId, reason });
    // parked without its attempt count: a redrive is an operator's decision and gets a fresh budget
    const { attempts: _tried, ...original } = message;
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
    // The target asked us to wait: re-send with that delay rather than burn a receive.
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(outcome.afterSeconds)));
    await deps.queue.sendBatch(deps.queueUrl, [{ id: 'again', body: JSON.stringify({ ...message, attempts }), delaySeconds }]);
    return outcome;
  }
  throw new RetryLater(outcome.reason);
}
