import { describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { startPoller } from '../../local/poller.js';
import { consoleLog } from '../../local/console-log.js';
import { SqsQueueClient } from '../../shared/adapters/sqs.js';
import { ensureQueuePair } from '../../shared/adapters/sqs-queues.js';
import type { ReceivedMessage } from '../../shared/ports.js';
import { useEmulators } from './emulators.js';

const emulators = useEmulators();

/** The queue client, counting how many ReceiveMessage calls are waiting at once. */
class CountingQueue extends SqsQueueClient {
  waiting = 0;
  mostWaiting = 0;
  override async receive(queueUrl: string, options?: Parameters<SqsQueueClient['receive']>[1]): Promise<ReceivedMessage[]> {
    this.waiting++;
    this.mostWaiting = Math.max(this.mostWaiting, this.waiting);
    try {
      return await super.receive(queueUrl, options);
    } finally {
      this.waiting--;
    }
  }
}

describe('poller (the local event source mapping)', () => {
  it('runs `concurrency` batches at once with one long poll at a time, and deletes what succeeded', async () => {
    const { queueUrl } = await ensureQueuePair(emulators.sqs, 'poller-turns', { maxReceiveCount: 5, visibilitySeconds: 30 });
    const counting = new CountingQueue(emulators.sqs);
    const bodies: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let releaseAll!: () => void;
    const allStarted = new Promise<void>((resolve) => (releaseAll = resolve));
    const poller = startPoller(
      {
        name: 'turns',
        queueUrl,
        batchSize: 1,
        handler: async (event: SQSEvent) => {
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          bodies.push(...event.Records.map((record) => record.body));
          // hold every batch until three are in flight together
          if (inFlight === 3) releaseAll();
          await allStarted;
          inFlight--;
          return { batchItemFailures: event.Records.filter((record) => record.body === 'fail').map((record) => ({ itemIdentifier: record.messageId })) };
        },
      },
      { queue: counting, log: consoleLog('silent'), waitSeconds: 1, visibilitySeconds: 30, concurrency: 3 },
    );
    try {
      await emulators.queue.sendBatch(queueUrl, ['a', 'b', 'fail'].map((body, index) => ({ id: `m${index}`, body })));
      await allStarted;
      await expect.poll(async () => emulators.queue.approximateCount(queueUrl)).toBe(1);
    } finally {
      await poller.stop();
    }
    expect(bodies.sort()).toEqual(['a', 'b', 'fail']);
    expect(mostInFlight).toBe(3);
    expect(counting.mostWaiting).toBe(1);
  });
});
