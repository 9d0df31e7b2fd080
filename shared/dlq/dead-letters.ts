/**
 * Dead-letter operations over the QueueClient port, so the same code works against the local
 * runtime (fauxqs) and a deployed stack (SQS): list, show, redrive, purge.
 *
 * A DLQ holds two kinds of bodies: a DeadLetter `{ message, failure }` parked by the worker
 * with its reason, or the bare queue message moved by SQS's redrive policy (the worker
 * crashed, timed out or could not park it). Both are read as a DeadLetter.
 */
import type { DeadLetter, FailureRecord, NotifierMessage } from '../delivery/message.js';
import type { QueuePair } from '../adapters/sqs-queues.js';
import type { QueueClient, ReceivedMessage } from '../ports.js';
import { isRecord } from '../json.js';

export interface DeadLetterEntry {
  /** id of the message in the DLQ */
  messageId: string;
  /** when it entered the DLQ (ISO 8601), when known */
  parkedAt?: string;
  /** 'relay' when the worker parked it with a reason, 'sqs' when the redrive policy moved it */
  parkedBy: 'relay' | 'sqs';
  letter: DeadLetter<NotifierMessage | unknown>;
}

export interface DeadLetterSummary {
  messageId: string;
  notifier?: string;
  eventKey?: string;
  /** e.g. "Case create ~41" */
  event?: string;
  reason: string;
  status?: number;
  attempts: number;
  lastAttemptAt?: string;
  permanent: boolean;
}

const isNotifierMessage = (value: unknown): value is NotifierMessage => isRecord(value) && value.v === 1 && typeof value.notifier === 'string';

function readDeadLetter(message: ReceivedMessage): DeadLetterEntry {
  const sent = Number(message.attributes.SentTimestamp);
  const parkedAt = Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.body);
  } catch {
    parsed = message.body;
  }
  if (isRecord(parsed) && 'message' in parsed && isRecord(parsed.failure) && typeof parsed.failure.reason === 'string') {
    return { messageId: message.messageId, parkedAt, parkedBy: 'relay', letter: parsed as unknown as DeadLetter<unknown> };
  }
  const failure: FailureRecord = {
    reason: 'moved to the DLQ by the queue’s redrive policy: the worker crashed, timed out or could not park it (see its log)',
    attempts: isNotifierMessage(parsed) ? (parsed.attempts ?? 0) : 0,
    lastAttemptAt: parkedAt ?? '',
    permanent: false,
  };
  return { messageId: message.messageId, parkedAt, parkedBy: 'sqs', letter: { message: parsed, failure } };
}

export function summarise(entry: DeadLetterEntry): DeadLetterSummary {
  const { message, failure } = entry.letter;
  const notifierMessage = isNotifierMessage(message) ? message : undefined;
  const event = notifierMessage?.event;
  return {
    messageId: entry.messageId,
    notifier: notifierMessage?.notifier,
    eventKey: notifierMessage?.eventKey,
    event: event ? `${event.objectType} ${event.action} ${event.objectId}` : undefined,
    reason: failure.reason,
    status: failure.status,
    attempts: failure.attempts,
    lastAttemptAt: failure.lastAttemptAt || undefined,
    permanent: failure.permanent,
  };
}

/**
 * Reads up to `max` dead letters without removing them: each received message stays hidden
 * while the listing runs (so the next receive returns others) and is released at the end.
 */
export async function listDeadLetters(queue: QueueClient, dlqUrl: string, options: { max?: number; waitSeconds?: number } = {}): Promise<DeadLetterEntry[]> {
  const max = options.max ?? 100;
  // the queue's count saves the final empty long poll; an empty receive ends the listing anyway
  const expected = await queue.approximateCount(dlqUrl);
  const seen = new Map<string, ReceivedMessage>();
  try {
    while (seen.size < max && seen.size < Math.max(expected, 1)) {
      const batch = await queue.receive(dlqUrl, { max: Math.min(10, max - seen.size), waitSeconds: options.waitSeconds ?? 1, visibilitySeconds: 60 });
      const fresh = batch.filter((message) => !seen.has(message.messageId));
      for (const message of batch) seen.set(message.messageId, message);
      if (!fresh.length) break;
    }
  } finally {
    await Promise.all([...seen.values()].map((message) => queue.changeVisibility(dlqUrl, message.receiptHandle, 0).catch(() => undefined)));
  }
  return [...seen.values()].map(readDeadLetter).sort((a, b) => (a.parkedAt ?? '').localeCompare(b.parkedAt ?? ''));
}

export async function showDeadLetter(queue: QueueClient, dlqUrl: string, messageId: string, options: { max?: number } = {}): Promise<DeadLetterEntry | undefined> {
  return (await listDeadLetters(queue, dlqUrl, { max: options.max ?? 1000 })).find((entry) => entry.messageId === messageId);
}

/** The message to put back on the worker's queue: the original, with a fresh attempt budget. */
function originalOf(entry: DeadLetterEntry): { body: string; notifier?: string } {
  const { message } = entry.letter;
  if (isNotifierMessage(message)) return { body: JSON.stringify({ ...message, attempts: 0 }), notifier: message.notifier };
  return { body: typeof message === 'string' ? message : JSON.stringify(message) };
}

/**
 * Moves dead letters back to the worker's queue, one batch at a time: send the original, then
 * delete it from the DLQ (a crash in between leaves a copy in both; delivery is idempotent).
 * Stops after the messages that were in the DLQ when it began, so letters that fail again
 * during the redrive are not cycled. `messageIds` limits it to those letters.
 */
export async function redrive(
  queue: QueueClient,
  target: QueuePair,
  options: { max?: number; messageIds?: string[] } = {},
): Promise<{ moved: number; messageIds: string[] }> {
  const limit = options.max ?? (await queue.approximateCount(target.dlqUrl));
  const wanted = options.messageIds ? new Set(options.messageIds) : undefined;
  const moved: string[] = [];
  const skipped = new Map<string, string>();
  try {
    while (moved.length < limit && (!wanted || moved.length < wanted.size)) {
      const batch = await queue.receive(target.dlqUrl, { max: 10, waitSeconds: 1, visibilitySeconds: 60 });
      const fresh = batch.filter((message) => !skipped.has(message.messageId));
      if (!fresh.length) break;
      const chosen: ReceivedMessage[] = [];
      for (const message of fresh) {
        if ((wanted && !wanted.has(message.messageId)) || moved.length + chosen.length >= limit) skipped.set(message.messageId, message.receiptHandle);
        else chosen.push(message);
      }
      if (!chosen.length) continue;
      await queue.sendBatch(
        target.queueUrl,
        chosen.map((message, index) => {
          const original = originalOf(readDeadLetter(message));
          return { id: `r${index}`, body: original.body, attributes: original.notifier ? { notifier: original.notifier } : undefined };
        }),
      );
      const handles = chosen.map((message) => message.receiptHandle);
      if (queue.deleteBatch) await queue.deleteBatch(target.dlqUrl, handles);
      else for (const handle of handles) await queue.delete(target.dlqUrl, handle);
      moved.push(...chosen.map((message) => message.messageId));
    }
  } finally {
    await Promise.all([...skipped.values()].map((handle) => queue.changeVisibility(target.dlqUrl, handle, 0).catch(() => undefined)));
  }
  return { moved: moved.length, messageIds: moved };
}

/** Deletes every dead letter (SQS allows one purge per queue per minute). */
export async function purgeDeadLetters(queue: QueueClient, dlqUrl: string): Promise<{ purged: number }> {
  const purged = await queue.approximateCount(dlqUrl);
  await queue.purge(dlqUrl);
  return { purged };
}
