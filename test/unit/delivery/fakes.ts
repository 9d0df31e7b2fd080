/** In-memory ports for delivery unit tests (the real adapters are covered in test/integration). */
import { parseConfig } from '../../../shared/config/load.js';
import type { DeliveryDeps } from '../../../shared/delivery/deliver.js';
import type { DeliveredRecord, OnceKey, OnceStore } from '../../../shared/delivery/once.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import type { HttpClient, HttpRequest, HttpResponse, OutgoingMessage, QueueClient, SecretResolver, StateItem, StateStore } from '../../../shared/ports.js';
import { SecretNotFoundError } from '../../../shared/ports.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { NotifierMessage } from '../../../shared/delivery/message.js';
import { fixture } from '../../fixtures/thehive/index.js';

export class RecordingQueue implements QueueClient {
  sent: { queueUrl: string; message: OutgoingMessage }[] = [];
  failSends = false;
  async sendBatch(queueUrl: string, messages: OutgoingMessage[]) {
    if (this.failSends) throw new Error('queue unavailable');
    for (const message of messages) this.sent.push({ queueUrl, message });
  }
  async receive() {
    return [];
  }
  async delete() {}
  async changeVisibility() {}
  async purge() {}
  async approximateCount() {
    return 0;
  }
}

export class MemoryState implements StateStore {
  items = new Map<string, StateItem>();
  async putIfAbsent(item: StateItem) {
    if (this.items.has(`${item.pk}|${item.sk}`)) return false;
    this.items.set(`${item.pk}|${item.sk}`, item);
    return true;
  }
  async put(item: StateItem) {
    this.items.set(`${item.pk}|${item.sk}`, item);
  }
  async get(pk: string, sk: string) {
    return this.items.get(`${pk}|${sk}`);
  }
  async delete(pk: string, sk: string) {
    this.items.delete(`${pk}|${sk}`);
  }
  async query() {
    return [];
  }
  async update() {}
}

export class MemoryOnce implements OnceStore {
  records = new Map<string, DeliveredRecord>();
  async once(key: OnceKey, work: () => Promise<DeliveredRecord>) {
    const id = JSON.stringify(key);
    const stored = this.records.get(id);
    if (stored) return { record: stored, replayed: true };
    const record = await work();
    this.records.set(id, record);
    return { record, replayed: false };
  }
}

export class ScriptedHttp implements HttpClient {
  requests: HttpRequest[] = [];
  constructor(public answer: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) {}
  async send(request: HttpRequest) {
    this.requests.push(request);
    return this.answer(request);
  }
}

export function secretsOf(values: Record<string, string>, broken = false): SecretResolver {
  return {
    get: async (ref) => {
      if (broken) throw new Error('throttled by the parameter store');
      if (!(ref.secret in values)) throw new SecretNotFoundError(ref.secret);
      return values[ref.secret];
    },
  };
}

export const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function testDeps(notifiers: unknown[], overrides: Partial<DeliveryDeps> = {}): DeliveryDeps & { queue: RecordingQueue; metrics: InMemoryMetrics } {
  const queue = new RecordingQueue();
  const metrics = new InMemoryMetrics();
  return {
    config: parseConfig({ thehive: { url: 'https://thehive.example.org' }, ingest: { auth: { type: 'none' } }, notifiers }, 'test'),
    queue,
    queueUrl: 'queue://main',
    dlqUrl: 'queue://dlq',
    state: new MemoryState(),
    secrets: secretsOf({}),
    once: new MemoryOnce(),
    http: new ScriptedHttp(() => ({ status: 200, headers: {}, body: 'ok' })),
    consoleSink: () => undefined,
    clock: { now: () => Date.UTC(2026, 10, 26, 8, 0, 0) },
    metrics,
    log: silent,
    ...overrides,
  } as DeliveryDeps & { queue: RecordingQueue; metrics: InMemoryMetrics };
}

export function notifierMessage(notifier: string, attempts = 0): NotifierMessage {
  const result = normalise(fixture('v5-audit', 'case-create'));
  if (!result.ok) throw new Error(result.message);
  return { v: 1, notifier, eventKey: 'e'.repeat(64), event: result.event, acceptedAt: 0, attempts };
}
