/**
 * Runs the real delivery use case for one notifier against a loopback fake: the message goes
 * through `deliver` with the relay's own adapters (HTTP client with loopback allowed, DynamoDB
 * state and idempotency through dynalite, queue + DLQ through fauxqs), so a wire test sees
 * exactly what a deployed notifier sends, and what it remembers between deliveries.
 */
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import { startFauxqs } from 'fauxqs';
import { ReceiveMessageCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseConfig } from '../../../../shared/config/load.js';
import { createDynamoClient, DynamoStateStore, ensureStateTable } from '../../../../shared/adapters/dynamodb.js';
import { createSqsClient, SqsQueueClient } from '../../../../shared/adapters/sqs.js';
import { ensureQueuePair } from '../../../../shared/adapters/sqs-queues.js';
import { NodeHttpClient } from '../../../../shared/adapters/http.js';
import { PowertoolsOnceStore } from '../../../../shared/adapters/idempotency.js';
import { LocalSecretResolver } from '../../../../shared/adapters/secrets-local.js';
import { deliver, type DeliveryResult } from '../../../../shared/delivery/deliver.js';
import { memoryItemKey } from '../../../../shared/delivery/memory-key.js';
import type { NotifierMessage, DeadLetter } from '../../../../shared/delivery/message.js';
import type { RelayEvent } from '../../../../shared/events/model.js';
import type { EmailMessage, EmailSender, Log } from '../../../../shared/ports.js';

// dynalite ships no type declarations
const dynalite = createRequire(import.meta.url)('dynalite') as (options: Record<string, number>) => Server;

const TABLE = 'hive-relay-test';
const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

export interface Harness {
  /** deliver one event to the notifier; the same eventKey again is a redelivery */
  deliver(event: RelayEvent, options?: { eventKey?: string; receiveCount?: number }): Promise<DeliveryResult>;
  /** what the notifier remembers for a case/alert */
  memory(key: string): Promise<Record<string, unknown> | undefined>;
  /** messages parked in the notifier's DLQ since the last call */
  deadLetters(): Promise<DeadLetter[]>;
  stop(): Promise<void>;
}

let sequence = 0;

export async function startHarness(options: {
  notifier: Record<string, unknown>;
  secrets?: Record<string, string>;
  thehiveUrl?: string;
  email?: EmailSender;
  /** more top-level config sections (e.g. `slack:` for a notifier with interactive controls) */
  config?: Record<string, unknown>;
}): Promise<Harness> {
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', () => resolve()));
  const dynamoClient: DynamoDBClient = createDynamoClient({ endpoint: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}` });
  await ensureStateTable(dynamoClient, TABLE);
  const sqsServer = await startFauxqs({ port: 0, logger: false });
  const sqs: SQSClient = createSqsClient({ endpoint: `http://127.0.0.1:${sqsServer.port}` });

  const config = parseConfig({
    ingest: { auth: { type: 'none' } },
    ...(options.thehiveUrl ? { thehive: { url: options.thehiveUrl } } : {}),
    notifiers: [options.notifier],
    ...options.config,
  });
  const notifier = config.notifiers[0];
  const pair = await ensureQueuePair(sqs, `${notifier.name}-${++sequence}`, { maxReceiveCount: notifier.maxReceiveCount + 1, visibilitySeconds: 30 });
  const state = new DynamoStateStore(dynamoClient, TABLE);
  const deps = {
    config,
    queue: new SqsQueueClient(sqs),
    queueUrl: pair.queueUrl,
    dlqUrl: pair.dlqUrl,
    state,
    secrets: new LocalSecretResolver({ env: {}, file: undefined, cwd: '/nonexistent', values: options.secrets ?? {} }),
    once: new PowertoolsOnceStore({ client: dynamoClient, tableName: TABLE }),
    clock: { now: () => Date.now() },
    metrics: { count() {} },
    log: quiet,
    http: new NodeHttpClient({ allowHosts: [], allowLoopback: true }),
    email: options.email,
    consoleSink: () => {},
  };

  const drain = async (queueUrl: string) => {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages?.length) await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    return (Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}'));
  };

  return {
    async deliver(event, { eventKey, receiveCount = 1 } = {}) {
      const message: NotifierMessage = { v: 1, notifier: notifier.name, eventKey: eventKey ?? `event-${++sequence}`, event, acceptedAt: Date.now() };
      return deliver({ messageId: `m-${sequence}`, body: JSON.stringify(message), receiveCount }, deps);
    },
    async memory(key) {
      const { pk, sk } = memoryItemKey(notifier.name, key);
      return (await state.get(pk, sk))?.memory as Record<string, unknown> | undefined;
    },
    deadLetters: () => drain(pair.dlqUrl),
    async stop() {
      dynamoClient.destroy();
      sqs.destroy();
      await sqsServer.stop();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}

/** An EmailSender that keeps what it was given (the SES adapter has its own test). */
export class KeptEmails implements EmailSender {
  readonly sent: EmailMessage[] = [];
  async send(message: EmailMessage) {
    this.sent.push(message);
    return { messageId: `msg-${this.sent.length}` };
  }
}
