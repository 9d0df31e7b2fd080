/**
 * What Lambda's SQS event source mapping does, for one worker: long-poll the queue, call the
 * handler with an SQSEvent, delete the records that succeeded, and leave the ones reported in
 * batchItemFailures (or all of them, when the handler throws) to reappear after their
 * visibility timeout.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Log, QueueClient, ReceivedMessage } from '../shared/ports.js';
import { localLambdaContext } from './lambda-context.js';

export type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface Worker {
  /** the Lambda it stands for, e.g. `notify-soc-webhook` */
  name: string;
  queueUrl: string;
  handler: QueueHandler;
  /** records per invocation (ESM BatchSize); default 10 */
  batchSize?: number;
  /** the Lambda timeout: the handler's context deadline; default 30 */
  timeoutSeconds?: number;
  /** batches in flight at once (Lambda runs several per queue); default: the relay's setting */
  concurrency?: number;
}

export interface PollerOptions {
  queue: QueueClient;
  log: Log;
  /** long-poll wait (SQS WaitTimeSeconds, 0–20) */
  waitSeconds: number;
  /** visibility timeout given to received messages (how soon a failed record reappears) */
  visibilitySeconds: number;
  /** batches in flight at once (default 1) */
  concurrency?: number;
}

const SYSTEM_ATTRIBUTES = new Set([
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'MessageDeduplicationId',
  'MessageGroupId',
  'SequenceNumber',
  'AWSTraceHeader',
]);

export function toSqsEvent(messages: ReceivedMessage[], queueUrl: string): SQSEvent {
  const name = queueUrl.split('/').pop() ?? 'queue';
  return {
    Records: messages.map((message): SQSRecord => {
      const attributes: Record<string, string> = {};
      const messageAttributes: SQSRecord['messageAttributes'] = {};
      for (const [key, value] of Object.entries(message.attributes)) {
        if (SYSTEM_ATTRIBUTES.has(key)) attributes[key] = value;
        else messageAttributes[key] = { stringValue: value, dataType: 'String', stringListValues: [], binaryListValues: [] };
      }
      attributes.ApproximateReceiveCount = String(message.receiveCount);
      return {
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        body: message.body,
        attributes: attributes as unknown as SQSRecord['attributes'],
        messageAttributes,
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${name}`,
        awsRegion: 'us-east-1',
      };
    }),
  };
}

export interface Poller {
  stop(): Promise<void>;
}

/**
 * `concurrency` batches of one worker in flight at once, like concurrent invocations. The
 * batches' long polls take turns: one waits on the queue at a time, and hands over as soon
 * as it has messages. (fauxqs wakes every waiting poll when a message arrives and all but one
 * come back empty at once: with several polls waiting, each message cost one empty
 * ReceiveMessage per extra poll. SQS does not answer a waiting poll early with nothing.)
 */
export function startPoller(worker: Worker, options: PollerOptions): Poller {
  const abort = new AbortController();
  let running = true;
  let turn: Promise<void> = Promise.resolve();

  /** waits for this loop's turn at the queue, receives, and hands the turn on */
  const receive = async (): Promise<ReceivedMessage[]> => {
    let release!: () => void;
    const previous = turn;
    turn = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      if (!running) return [];
      return await options.queue.receive(worker.queueUrl, {
        max: worker.batchSize ?? 10,
        waitSeconds: options.waitSeconds,
        visibilitySeconds: options.visibilitySeconds,
        signal: abort.signal,
      });
    } finally {
      release();
    }
  };

  const pollOnce = async () => {
    const messages = await receive();
    if (!messages.length || !running) return;
    let failed: Set<string>;
    try {
      const response = await worker.handler(toSqsEvent(messages, worker.queueUrl), localLambdaContext(worker.name, worker.timeoutSeconds ?? 30));
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      options.log.error(`${worker.name}: handler failed; the batch will be retried`, { error: (error as Error).message });
      return;
    }
    const done = messages.filter((message) => !failed.has(message.messageId)).map((message) => message.receiptHandle);
    if (!done.length) return;
    try {
      if (options.queue.deleteBatch) await options.queue.deleteBatch(worker.queueUrl, done);
      else await Promise.all(done.map((handle) => options.queue.delete(worker.queueUrl, handle)));
    } catch (error) {
      // like the event source mapping: an undeleted message comes back, and delivery is idempotent
      options.log.warn(`${worker.name}: could not delete processed messages`, { error: (error as Error).message });
    }
  };

  const loop = async () => {
    while (running) {
      try {
        await pollOnce();
      } catch (error) {
        if (!running) break;
        options.log.warn(`${worker.name}: receive failed; retrying`, { error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const loops = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop);

  return {
    async stop() {
      running = false;
      abort.abort();
      await Promise.all(loops);
    },
  };
}
