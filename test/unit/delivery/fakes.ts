/** Delivery's own fakes and a ready DeliveryDeps for its unit tests; the shared ports are in ../fakes.ts. */
import { parseConfig } from '../../../shared/config/load.js';
import type { DeliveryDeps } from '../../../shared/delivery/deliver.js';
import type { DeliveredRecord, OnceKey, OnceStore } from '../../../shared/delivery/once.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { NotifierMessage } from '../../../shared/delivery/message.js';
import { fixture } from '../../fixtures/thehive/index.js';
import { MemoryState, RecordingQueue, ScriptedHttp, secretsOf, silent } from '../fakes.js';

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
