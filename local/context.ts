/**
 * Everything a local route or worker needs, built once by startLocalRelay: the config, the
 * adapters (over the emulators), and `queuePair` to create a worker's queue and DLQ.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { RelayConfig } from '../shared/config/schema.js';
import type { Clock, EmailSender, HttpClient, Log, QueueClient, SecretResolver } from '../shared/ports.js';
import type { DynamoStateStore } from '../shared/adapters/dynamodb.js';
import type { InMemoryMetrics } from '../shared/adapters/metrics.js';
import type { PowertoolsOnceStore } from '../shared/adapters/idempotency.js';
import type { QueuePair } from '../shared/adapters/sqs-queues.js';
import type { SQSRecord } from 'aws-lambda';
import type { DeliveryResult } from '../shared/delivery/deliver.js';
import type { Emulators } from './emulators.js';

export interface LocalContext {
  config: RelayConfig;
  /** the config file, when one was given (custom modules are resolved next to it) */
  configPath?: string;
  emulators: Emulators;
  queue: QueueClient;
  state: DynamoStateStore;
  tableName: string;
  /**
   * an idempotency store for one worker: each Lambda has its own, and a store takes the
   * deadline of its worker's invocation (a shared one would lend one worker's shorter
   * deadline to another's in-progress marks)
   */
  newOnceStore(): PowertoolsOnceStore;
  secrets: SecretResolver;
  http: HttpClient;
  email: EmailSender;
  clock: Clock;
  metrics: InMemoryMetrics;
  /** Powertools logger handed to the handlers (silent locally: `log` prints instead) */
  logger: Logger;
  log: Log;
  consoleSink: (line: string) => void;
  /** every queue created so far, by `${kind}:${name}` */
  queues: Record<string, QueuePair>;
  /** create (or find) the queue + DLQ of a worker, with the stack's RedrivePolicy */
  queuePair(kind: string, name: string, maxReceiveCount: number): Promise<QueuePair>;
  options: {
    pollWaitSeconds: number;
    /** set by the caller (tests use 1 s); otherwise each worker's own, see `visibilityFor` */
    visibilitySeconds?: number;
    onDelivery?: (result: DeliveryResult, record: SQSRecord) => void;
  };
}

/** Same names as the stack's queues: `${kind}-${name}` and `${kind}-${name}-dlq`. */
export const queueKey = (kind: string, name: string) => `${kind}:${name}`;

/**
 * A worker's visibility timeout when none is set: longer than its invocation may run, so a
 * message never reappears to the other poll loop while its handler still works on it. (AWS
 * uses 6 × the timeout to absorb throttling; locally retries then come back that much later.)
 */
export const visibilityFor = (timeoutSeconds: number | undefined, visibilitySeconds: number | undefined) =>
  visibilitySeconds ?? Math.max(30, (timeoutSeconds ?? 30) + 5);
