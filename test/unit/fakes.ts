/** In-memory ports (shared/ports.ts) for unit tests; the real adapters are covered in test/integration. */
import type { HttpClient, HttpRequest, HttpResponse, OutgoingMessage, QueueClient, SecretResolver, StateItem, StateStore } from '../../shared/ports.js';
import { SecretNotFoundError } from '../../shared/ports.js';

/** Keeps every message sent, one entry per message; `failSends` plays a queue that refuses. */
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

export class ScriptedHttp implements HttpClient {
  requests: HttpRequest[] = [];
  constructor(public answer: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) {}
  async send(request: HttpRequest) {
    this.requests.push(request);
    return this.answer(request);
  }
}

/** Secrets by name; `broken` plays a store that cannot be read at all. */
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
