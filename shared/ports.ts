/**
 * Ports: what the use cases need from the outside world. Adapters (SQS, DynamoDB, fetch,
 * Secrets Manager/SSM, environment) implement them; tests and the local runtime pass the same
 * adapters pointed at loopback emulators.
 */
import type { SecretRef } from './config/secret-ref.js';

export interface Clock {
  /** epoch milliseconds */
  now(): number;
}

export interface OutgoingMessage {
  /** unique within one sendBatch call */
  id: string;
  body: string;
  attributes?: Record<string, string>;
  delaySeconds?: number;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  /** SQS ApproximateReceiveCount */
  receiveCount: number;
}

export interface QueueClient {
  /** Sends all messages (batched by 10); throws if any one of them was not accepted. */
  sendBatch(queueUrl: string, messages: OutgoingMessage[]): Promise<void>;
  receive(
    queueUrl: string,
    options?: { max?: number; waitSeconds?: number; visibilitySeconds?: number; signal?: AbortSignal },
  ): Promise<ReceivedMessage[]>;
  delete(queueUrl: string, receiptHandle: string): Promise<void>;
  /** Deletes several received messages in one call per 10; throws if any one was not deleted. */
  deleteBatch?(queueUrl: string, receiptHandles: string[]): Promise<void>;
  changeVisibility(queueUrl: string, receiptHandle: string, seconds: number): Promise<void>;
  purge(queueUrl: string): Promise<void>;
  approximateCount(queueUrl: string): Promise<number>;
}

/** One item of the relay's single DynamoDB table (pk/sk strings, TTL attribute `expiresAt`). */
export interface StateItem {
  pk: string;
  sk: string;
  /** epoch seconds; DynamoDB TTL on AWS, a sweep locally */
  expiresAt?: number;
  [attribute: string]: unknown;
}

export interface StateStore {
  /** Conditional put; false when an item with that key already exists. */
  putIfAbsent(item: StateItem): Promise<boolean>;
  put(item: StateItem): Promise<void>;
  get(pk: string, sk: string): Promise<StateItem | undefined>;
  delete(pk: string, sk: string): Promise<void>;
  /** Items of one partition, newest sort key first when `descending`. */
  query(pk: string, options?: { limit?: number; descending?: boolean; skPrefix?: string }): Promise<StateItem[]>;
  /** Atomic counters (UpdateItem ADD) plus plain attribute sets. */
  update(pk: string, sk: string, changes: { add?: Record<string, number>; set?: Record<string, unknown> }): Promise<void>;
}

export interface SecretResolver {
  get(ref: SecretRef): Promise<string>;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** default 10 000 */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** lower-cased header names */
  headers: Record<string, string>;
  body: string;
}

/** Thrown by HttpClient.send when no HTTP answer came back. */
export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network' | 'blocked',
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** Thrown by SecretResolver.get when the secret does not exist (a config error, not a transient one). */
export class SecretNotFoundError extends Error {
  constructor(readonly secretName: string, detail?: string) {
    super(`secret ${secretName} not found${detail ? ` (${detail})` : ''}`);
    this.name = 'SecretNotFoundError';
  }
}

/** One email, as a notifier renders it (the body of an OutboundRequest with transport 'email'). */
export interface EmailMessage {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string[];
  subject: string;
  text?: string;
  html?: string;
}

/**
 * Thrown by EmailSender.send when the service refused the message; `status` is the HTTP-like
 * status of the refusal (429 throttled, 400 rejected, 5xx service error) so the notifier's
 * `outcome` can classify it like any HTTP answer.
 */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** Counters (EMF metrics on AWS, in-memory counts locally). */
export interface Metrics {
  count(name: string, value?: number, dimensions?: Record<string, string>): void;
}

/** Structured log lines (Powertools Logger on AWS and locally). Never pass secret values. */
export interface Log {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}
