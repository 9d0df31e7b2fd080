/**
 * QueueClient over @aws-sdk/client-sqs. The same adapter serves AWS and the local runtime
 * (fauxqs); only the client's endpoint differs.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type MessageAttributeValue,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import type { OutgoingMessage, QueueClient, ReceivedMessage } from '../ports.js';
import { signForEmulator } from './emulator-client.js';

/** SQS accepts at most 10 entries per SendMessageBatch. */
const BATCH_SIZE = 10;

export class QueueSendError extends Error {
  constructor(
    readonly queueUrl: string,
    readonly failed: { id: string; code?: string; message?: string }[],
  ) {
    super(`${failed.length} message(s) not accepted by the queue: ${failed.map((f) => `${f.id}: ${f.code ?? ''} ${f.message ?? ''}`.trim()).join('; ')}`);
    this.name = 'QueueSendError';
  }
}

export function createSqsClient(options: { endpoint?: string; region?: string; requestHandler?: SQSClientConfig['requestHandler'] } = {}): SQSClient {
  const config: SQSClientConfig = { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1' };
  if (!options.endpoint) return new SQSClient(config);
  // emulators accept any credentials; never let a local run pick up real ones
  config.endpoint = options.endpoint;
  config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  if (options.requestHandler) config.requestHandler = options.requestHandler;
  // resolve each command's middleware stack once instead of per call (a call given options,
  // such as a long poll's abort signal, clears that cache: give long polls their own client)
  config.cacheMiddleware = true;
  return signForEmulator(new SQSClient(config));
}

export class SqsQueueClient implements QueueClient {
  constructor(private readonly client: SQSClient) {}

  async sendBatch(queueUrl: string, messages: OutgoingMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH_SIZE) {
      const chunk = messages.slice(start, start + BATCH_SIZE);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((message) => ({
            Id: message.id,
            MessageBody: message.body,
            DelaySeconds: message.delaySeconds,
            MessageAttributes: toAttributes(message.attributes),
          })),
        }),
      );
      const failed = result.Failed ?? [];
      const accepted = new Set((result.Successful ?? []).map((entry) => entry.Id));
      const missing = chunk.filter((message) => !accepted.has(message.id) && !failed.some((f) => f.Id === message.id));
      if (failed.length || missing.length) {
        throw new QueueSendError(queueUrl, [
          ...failed.map((f) => ({ id: f.Id ?? '?', code: f.Code, message: f.Message })),
          ...missing.map((m) => ({ id: m.id, message: 'no result for entry' })),
        ]);
      }
    }
  }

  async receive(
    queueUrl: string,
    options: { max?: number; waitSeconds?: number; visibilitySeconds?: number; signal?: AbortSignal } = {},
  ): Promise<ReceivedMessage[]> {
    const result = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(Math.max(options.max ?? 10, 1), 10),
        WaitTimeSeconds: options.waitSeconds ?? 0,
        VisibilityTimeout: options.visibilitySeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp', 'ApproximateFirstReceiveTimestamp'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: options.signal },
    );
    return (result.Messages ?? []).map((message) => {
      const attributes: Record<string, string> = { ...(message.Attributes ?? {}) };
      for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
        if (value.StringValue !== undefined) attributes[name] = value.StringValue;
      }
      return {
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes,
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
      };
    });
  }

  async delete(queueUrl: string, receiptHandle: string): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
  }

  async deleteBatch(queueUrl: string, receiptHandles: string[]): Promise<void> {
    for (let start = 0; start < receiptHandles.length; start += BATCH_SIZE) {
      const chunk = receiptHandles.slice(start, start + BATCH_SIZE);
      const result = await this.client.send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((handle, index) => ({ Id: `d${index}`, ReceiptHandle: handle })) }),
      );
      if (result.Failed?.length) {
        throw new QueueSendError(queueUrl, result.Failed.map((f) => ({ id: f.Id ?? '?', code: f.Code, message: f.Message })));
      }
    }
  }

  async changeVisibility(queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }),
    );
  }

  async purge(queueUrl: string): Promise<void> {
    await this.client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  }

  async approximateCount(queueUrl: string): Promise<number> {
    const result = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const attributes = result.Attributes ?? {};
    return (
      Number(attributes.ApproximateNumberOfMessages ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }
}

function toAttributes(attributes?: Record<string, string>): Record<string, MessageAttributeValue> | undefined {
  if (!attributes) return undefined;
  const entries = Object.entries(attributes).filter(([, value]) => value !== '');
  if (!entries.length) return undefined;
  return Object.fromEntries(entries.map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
}
