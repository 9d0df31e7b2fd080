import { describe, expect, it } from 'vitest';
import { QueueSendError } from '../../../shared/adapters/sqs.js';
import { ensureQueuePair } from '../../../shared/adapters/sqs-queues.js';
import { useEmulators } from '../emulators.js';

const emulators = useEmulators();

describe('SQS queue client over fauxqs', () => {
  it('sends more than ten messages in chunks and receives them with attributes', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'chunks', { maxReceiveCount: 3, visibilitySeconds: 30 });
    const messages = Array.from({ length: 23 }, (_, i) => ({ id: `m${i}`, body: `body-${i}`, attributes: { notifier: 'n1' } }));
    await emulators.queue.sendBatch(queueUrl, messages);
    expect(await emulators.queue.approximateCount(queueUrl)).toBe(23);
    const received = [];
    while (received.length < 23) {
      const batch = await emulators.queue.receive(queueUrl, { max: 10, waitSeconds: 1 });
      if (!batch.length) break;
      received.push(...batch);
    }
    expect(received.map((m) => m.body).sort()).toEqual(messages.map((m) => m.body).sort());
    expect(received.every((m) => m.receiveCount === 1 && m.attributes.notifier === 'n1')).toBe(true);
  });

  it('throws naming the entries the queue refused', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'refuse', { maxReceiveCount: 3, visibilitySeconds: 30 });
    const error = await emulators.queue.sendBatch(queueUrl, [{ id: 'ok', body: 'fine' }, { id: 'bad', body: 'nul \u0000 char' }]).catch((e) => e);
    expect(error).toBeInstanceOf(QueueSendError);
    expect((error as QueueSendError).failed.map((f) => f.id)).toEqual(['bad']);
  });

  it('counts receives, releases with changeVisibility, deletes and purges', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'counts', { maxReceiveCount: 5, visibilitySeconds: 30 });
    await emulators.queue.sendBatch(queueUrl, [{ id: 'a', body: 'again' }]);
    const [first] = await emulators.queue.receive(queueUrl, { waitSeconds: 1 });
    expect(first.receiveCount).toBe(1);
    expect(await emulators.queue.receive(queueUrl)).toEqual([]); // invisible for 30 s
    await emulators.queue.changeVisibility(queueUrl, first.receiptHandle, 0);
    const [second] = await emulators.queue.receive(queueUrl, { waitSeconds: 1 });
    expect(second.messageId).toBe(first.messageId);
    expect(second.receiveCount).toBe(2);
    await emulators.queue.delete(queueUrl, second.receiptHandle);
    expect(await emulators.queue.approximateCount(queueUrl)).toBe(0);
    await emulators.queue.sendBatch(queueUrl, [{ id: 'x', body: 'x' }, { id: 'y', body: 'y' }]);
    await emulators.queue.purge(queueUrl);
    expect(await emulators.queue.approximateCount(queueUrl)).toBe(0);
  });

  it('deletes received messages in batches', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'batch-delete', { maxReceiveCount: 5, visibilitySeconds: 30 });
    await emulators.queue.sendBatch(queueUrl, Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, body: `b${i}` })));
    const handles: string[] = [];
    while (handles.length < 12) {
      const batch = await emulators.queue.receive(queueUrl, { max: 10, waitSeconds: 1 });
      if (!batch.length) break;
      handles.push(...batch.map((m) => m.receiptHandle));
    }
    await emulators.queue.deleteBatch(queueUrl, handles);
    expect(await emulators.queue.approximateCount(queueUrl)).toBe(0);
  });

  it('delays a message by DelaySeconds', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'delay', { maxReceiveCount: 5, visibilitySeconds: 30 });
    await emulators.queue.sendBatch(queueUrl, [{ id: 'd', body: 'later', delaySeconds: 60 }]);
    expect(await emulators.queue.receive(queueUrl)).toEqual([]);
    expect(await emulators.queue.approximateCount(queueUrl)).toBe(1);
  });

  it('moves a message to the DLQ after the redrive policy’s receives', async () => {
    const pair = await ensureQueuePair(emulators.sqs, 'redrive', { maxReceiveCount: 2, visibilitySeconds: 30 });
    await emulators.queue.sendBatch(pair.queueUrl, [{ id: 'r', body: 'stuck' }]);
    for (let i = 0; i < 2; i++) {
      const [m] = await emulators.queue.receive(pair.queueUrl, { waitSeconds: 1 });
      await emulators.queue.changeVisibility(pair.queueUrl, m.receiptHandle, 0);
    }
    expect(await emulators.queue.receive(pair.queueUrl, { waitSeconds: 1 })).toEqual([]);
    const [dead] = await emulators.queue.receive(pair.dlqUrl, { waitSeconds: 1 });
    expect(dead.body).toBe('stuck');
  });

  it('stops a long poll when its signal aborts', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'abort', { maxReceiveCount: 5, visibilitySeconds: 30 });
    const controller = new AbortController();
    const polling = emulators.queue.receive(queueUrl, { waitSeconds: 20, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(polling).rejects.toThrow();
  });
});
