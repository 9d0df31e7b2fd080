/** The ingest use case over fauxqs and dynalite. */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureQueuePair, type QueuePair } from '../../shared/adapters/sqs-queues.js';
import { DynamoStateStore } from '../../shared/adapters/dynamodb.js';
import { LocalSecretResolver } from '../../shared/adapters/secrets-local.js';
import { InMemoryMetrics } from '../../shared/adapters/metrics.js';
import { parseConfig } from '../../shared/config/load.js';
import { ingest, type IngestDeps } from '../../shared/ingest/ingest.js';
import { PENDING_MARK_SECONDS } from '../../shared/ingest/dedupe-mark.js';
import type { NotifierMessage } from '../../shared/delivery/message.js';
import type { InboundRequest } from '../../shared/http/types.js';
import type { QueueClient } from '../../shared/ports.js';
import { fixtureText } from '../fixtures/thehive/index.js';
import { useEmulators } from './emulators.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const emulators = useEmulators({ tableName: 'state' });
let cases: QueuePair;
let everything: QueuePair;
let now = Date.UTC(2026, 3, 1);

const config = parseConfig(
  {
    ingest: { auth: { type: 'header', name: 'X-Relay-Key', token: { secret: 'KEY' } }, dedupeSeconds: 60 },
    notifiers: [
      { name: 'cases', type: 'console', triggers: ['CaseCreated'] },
      { name: 'everything', type: 'console', triggers: ['AnyEvent'] },
      { name: 'alerts', type: 'console', triggers: ['AlertCreated'] },
    ],
  },
  'test',
);

beforeAll(async () => {
  cases = await ensureQueuePair(emulators.sqs, 'cases', { maxReceiveCount: 6, visibilitySeconds: 30 });
  everything = await ensureQueuePair(emulators.sqs, 'everything', { maxReceiveCount: 6, visibilitySeconds: 30 });
});

function deps(overrides: Partial<IngestDeps> = {}): IngestDeps {
  return {
    config,
    secrets: new LocalSecretResolver({ env: { KEY: 'k-1' }, cwd: tmpdir() }),
    queue: emulators.queue,
    queueUrls: { cases: cases.queueUrl, everything: everything.queueUrl, alerts: 'http://127.0.0.1:1/000000000000/missing' },
    state: new DynamoStateStore(emulators.dynamo, 'state', { now: () => now }),
    clock: { now: () => now },
    metrics: new InMemoryMetrics(),
    log: silent,
    ...overrides,
  };
}

const request = (body: string): InboundRequest => ({
  method: 'POST',
  path: '/webhooks/thehive',
  headers: { 'content-type': 'application/json', 'x-relay-key': 'k-1' },
  body,
  bodyBytes: Buffer.byteLength(body),
});

async function drain(pair: QueuePair) {
  const messages = await emulators.queue.receive(pair.queueUrl, { max: 10, waitSeconds: 1 });
  for (const m of messages) await emulators.queue.delete(pair.queueUrl, m.receiptHandle);
  return messages;
}

describe('ingest over real queues and state', () => {
  it('puts one message on the queue of each matching notifier', async () => {
    const body = fixtureText('v5-v0', 'case-create');
    const response = await ingest(request(body), deps());
    expect(response).toEqual({ status: 202, body: { accepted: true, routed: ['cases', 'everything'] } });
    const [toCases] = await drain(cases);
    const [toAll] = await drain(everything);
    const message = JSON.parse(toCases.body) as NotifierMessage;
    expect(message).toMatchObject({ v: 1, notifier: 'cases', acceptedAt: now, attempts: 0, event: { objectType: 'Case', action: 'create' } });
    expect(message.eventKey).toBe(createHash('sha256').update(body).digest('hex'));
    expect(toCases.attributes).toMatchObject({ notifier: 'cases', triggers: 'CaseCreated' });
    expect(JSON.parse(toAll.body).eventKey).toBe(message.eventKey);
  });

  it('routes the same body once within dedupeSeconds, and again after', async () => {
    const body = fixtureText('v4', 'case-create');
    expect((await ingest(request(body), deps())).body).toMatchObject({ routed: ['cases', 'everything'] });
    const again = await ingest(request(body), deps());
    expect(again).toEqual({ status: 202, body: { accepted: true, duplicate: true, routed: [] } });
    expect(await drain(cases)).toHaveLength(1);
    now += 61_000;
    expect((await ingest(request(body), deps())).body).toMatchObject({ routed: ['cases', 'everything'] });
    expect(await drain(cases)).toHaveLength(1);
    await drain(everything);
  });

  it('answers 503 when a queue refuses, and forgets the body so a re-post is routed', async () => {
    const body = fixtureText('v5-audit', 'alert-create');
    const metrics = new InMemoryMetrics();
    const failed = await ingest(request(body), deps({ metrics }));
    expect(failed.status).toBe(503);
    expect((failed.body as { error: string }).error).toContain('alerts');
    expect(metrics.get('IngestFailed', { reason: 'enqueue' })).toBe(1);
    expect(metrics.get('IngestAccepted')).toBe(0);
    await drain(everything);
    const alerts = await ensureQueuePair(emulators.sqs, 'alerts', { maxReceiveCount: 6, visibilitySeconds: 30 });
    const retried = await ingest(request(body), deps({ queueUrls: { cases: cases.queueUrl, everything: everything.queueUrl, alerts: alerts.queueUrl } }));
    expect(retried).toEqual({ status: 202, body: { accepted: true, routed: ['everything', 'alerts'] } });
    expect(await drain(alerts)).toHaveLength(1);
    await drain(everything);
  });

  it('routes the re-post of an event whose ingest died while sending, once that ingest has timed out', async () => {
    const body = fixtureText('v4', 'task-create');
    const hanging: QueueClient = Object.create(emulators.queue, { sendBatch: { value: () => new Promise<void>(() => {}) } });
    void ingest(request(body), deps({ queue: hanging })); // the Lambda is killed here
    await new Promise((resolve) => setTimeout(resolve, 50));
    const meanwhile = await ingest(request(body), deps());
    expect(meanwhile.status).toBe(503);
    expect(await drain(everything)).toHaveLength(0);
    now += (PENDING_MARK_SECONDS + 1) * 1000;
    expect(await ingest(request(body), deps())).toEqual({ status: 202, body: { accepted: true, routed: ['everything'] } });
    expect(await ingest(request(body), deps())).toMatchObject({ status: 202, body: { duplicate: true } });
    expect(await drain(everything)).toHaveLength(1);
  });

  it('still routes when the state table is unavailable (delivery is idempotent anyway)', async () => {
    const body = fixtureText('v3', 'case-create');
    const broken = new DynamoStateStore(emulators.dynamo, 'no-such-table');
    expect(await ingest(request(body), deps({ state: broken }))).toMatchObject({ status: 202, body: { routed: ['cases', 'everything'] } });
    await drain(cases);
    await drain(everything);
  });
});
