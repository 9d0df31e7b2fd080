/** DLQ operations against fauxqs, through the QueueClient port the CLI uses. */
import { describe, expect, it } from 'vitest';
import { ensureQueuePair, type QueuePair } from '../../shared/adapters/sqs-queues.js';
import { listDeadLetters, purgeDeadLetters, redrive, showDeadLetter, summarise } from '../../shared/dlq/dead-letters.js';
import type { DeadLetter, NotifierMessage } from '../../shared/delivery/message.js';
import { useEmulators } from './emulators.js';

const emulators = useEmulators();
let n = 0;

const message = (id: string, attempts = 3): NotifierMessage => ({
  v: 1,
  notifier: 'soc',
  eventKey: `key-${id}`,
  event: { version: 5, format: 'audit', action: 'create', mainAction: true, objectType: 'Case', objectId: `~${id}`, details: {}, _createdAt: 1 },
  acceptedAt: 1,
  attempts,
});
const letter = (id: string): DeadLetter => ({
  message: message(id),
  failure: { reason: `webhook answered 404: no route ${id}`, status: 404, attempts: 1, lastAttemptAt: '2026-11-26T07:00:00.000Z', permanent: true },
});

async function pairWith(bodies: string[]): Promise<QueuePair> {
  const pair = await ensureQueuePair(emulators.sqs, `dlq-ops-${++n}`, { maxReceiveCount: 3, visibilitySeconds: 30 });
  if (bodies.length) await emulators.queue.sendBatch(pair.dlqUrl, bodies.map((body, i) => ({ id: `b${i}`, body })));
  return pair;
}

async function drain(url: string) {
  const out = [];
  while ((await emulators.queue.approximateCount(url)) > 0) {
    const batch = await emulators.queue.receive(url, { max: 10, waitSeconds: 1 });
    if (!batch.length) return out;
    for (const m of batch) await emulators.queue.delete(url, m.receiptHandle);
    out.push(...batch);
  }
  return out;
}

describe('dead-letter operations', () => {
  it('lists parked letters and SQS-moved messages alike, leaving them in the DLQ', async () => {
    const pair = await pairWith([...Array.from({ length: 12 }, (_, i) => JSON.stringify(letter(String(i)))), JSON.stringify(message('moved', 0))]);
    const entries = await listDeadLetters(emulators.queue, pair.dlqUrl);
    expect(entries).toHaveLength(13);
    const moved = entries.find((e) => e.parkedBy === 'sqs')!;
    expect(moved.letter.failure.reason).toMatch(/redrive policy/);
    const summary = summarise(entries.find((e) => e.parkedBy === 'relay')!);
    expect(summary).toMatchObject({ notifier: 'soc', status: 404, attempts: 1, permanent: true });
    expect(summary.event).toMatch(/^Case create ~\d+$/);
    // still there, and visible again for the next reader
    expect(await emulators.queue.approximateCount(pair.dlqUrl)).toBe(13);
    expect(await listDeadLetters(emulators.queue, pair.dlqUrl)).toHaveLength(13);
  });

  it('shows one letter by its DLQ message id', async () => {
    const pair = await pairWith([JSON.stringify(letter('a')), JSON.stringify(letter('b'))]);
    const [, second] = await listDeadLetters(emulators.queue, pair.dlqUrl);
    const shown = await showDeadLetter(emulators.queue, pair.dlqUrl, second.messageId);
    expect(shown?.letter).toEqual(second.letter);
    expect(await showDeadLetter(emulators.queue, pair.dlqUrl, 'no-such-id')).toBeUndefined();
  });

  it('redrives the original messages with a fresh attempt budget, and only the chosen ones', async () => {
    const pair = await pairWith([JSON.stringify(letter('1')), JSON.stringify(letter('2')), JSON.stringify(message('3', 6))]);
    const entries = await listDeadLetters(emulators.queue, pair.dlqUrl);
    const chosen = entries.find((e) => (e.letter.message as NotifierMessage).eventKey === 'key-2')!;
    expect(await redrive(emulators.queue, pair, { messageIds: [chosen.messageId] })).toEqual({ moved: 1, messageIds: [chosen.messageId] });
    const [back] = await drain(pair.queueUrl);
    expect(JSON.parse(back.body)).toEqual({ ...message('2'), attempts: 0 });
    expect(back.attributes.notifier).toBe('soc');
    expect(await emulators.queue.approximateCount(pair.dlqUrl)).toBe(2);

    expect((await redrive(emulators.queue, pair)).moved).toBe(2);
    const rest = await drain(pair.queueUrl);
    expect(rest.map((m) => JSON.parse(m.body).eventKey).sort()).toEqual(['key-1', 'key-3']);
    expect(rest.every((m) => JSON.parse(m.body).attempts === 0)).toBe(true);
    expect(await emulators.queue.approximateCount(pair.dlqUrl)).toBe(0);
  });

  it('purges the DLQ and says how many letters went', async () => {
    const pair = await pairWith([JSON.stringify(letter('x')), JSON.stringify(letter('y'))]);
    expect(await purgeDeadLetters(emulators.queue, pair.dlqUrl)).toEqual({ purged: 2 });
    expect(await emulators.queue.approximateCount(pair.dlqUrl)).toBe(0);
  });
});
