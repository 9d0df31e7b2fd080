/**
 * The delivery use case over real adapters: fauxqs queues, dynalite (Powertools idempotency
 * records and memory), the HTTP client against a loopback sink.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureQueuePair, type QueuePair } from '../../shared/adapters/sqs-queues.js';
import { PowertoolsOnceStore } from '../../shared/adapters/idempotency.js';
import { NodeHttpClient } from '../../shared/adapters/http.js';
import { LocalSecretResolver } from '../../shared/adapters/secrets-local.js';
import { InMemoryMetrics } from '../../shared/adapters/metrics.js';
import { FolderEmailSender } from '../../shared/adapters/email-folder.js';
import { parseConfig } from '../../shared/config/load.js';
import { normalise } from '../../shared/events/normalise.js';
import { deliver, type DeliveryDeps } from '../../shared/delivery/deliver.js';
import { memoryItemKey } from '../../shared/delivery/memory-key.js';
import type { DeadLetter, NotifierMessage } from '../../shared/delivery/message.js';
import type { NotifierType } from '../../shared/notifiers/types.js';
import { notifierTypeOf } from '../../shared/notifiers/registry.js';
import { fixture } from '../fixtures/thehive/index.js';
import { startSink, type Sink } from '../fakes/sink.js';
import { useEmulators } from './emulators.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
// started before the sink and stopped after it, as vitest runs afterAll hooks in reverse
const emulators = useEmulators({ tableName: 'state' });
let sink: Sink;
let pair: QueuePair;
let n = 0;

beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => sink.stop());
beforeEach(async () => {
  sink.reset();
  sink.respondWith(() => ({ status: 200, body: 'ok' }));
  pair = await ensureQueuePair(emulators.sqs, `delivery-${++n}`, { maxReceiveCount: 6, visibilitySeconds: 30 });
});

/** A two-step type (post, then a reply that needs the post's id) that remembers the thread per case. */
const threadType: NotifierType<any> = {
  type: 'thread',
  memoryKey: (event) => event.rootId ?? event.objectId,
  render(event, config, ctx) {
    const reply = { key: 'reply', method: 'POST', url: `${config.url}/reply`, body: String(ctx.memory?.thread ?? '') };
    if (ctx.memory?.thread) return [reply];
    return [{ key: 'post', method: 'POST', url: `${config.url}/post`, body: event.objectId }, { ...reply, dependsOn: 'post' }];
  },
  complete: (request, earlier) => ({ ...request, body: JSON.parse(earlier.post.body).thread }),
  outcome(response, request) {
    if (response.status >= 500) return { kind: 'retry', reason: `answered ${response.status}` };
    if (response.status >= 400) return { kind: 'permanent', reason: `answered ${response.status}` };
    return request.key === 'post' ? { kind: 'delivered', remember: { thread: JSON.parse(response.body).thread } } : { kind: 'delivered' };
  },
};

/** Notifiers are validated as webhooks; `as` then gives some of them a test-only type. */
function deps(notifiers: unknown[], extra: Partial<DeliveryDeps> = {}, as: Record<string, string> = {}): DeliveryDeps {
  const config = parseConfig({ ingest: { auth: { type: 'none' } }, notifiers }, 'test');
  for (const notifier of config.notifiers) notifier.type = as[notifier.name] ?? notifier.type;
  return {
    config,
    queue: emulators.queue,
    ...pair,
    state: emulators.state,
    secrets: new LocalSecretResolver({ env: { HOOK: sink.url('/hook') }, cwd: tmpdir() }),
    once: new PowertoolsOnceStore({ client: emulators.dynamo, tableName: 'state' }),
    http: new NodeHttpClient({ allowHosts: [], allowLoopback: true }),
    consoleSink: () => undefined,
    clock: { now: () => Date.now() },
    metrics: new InMemoryMetrics(),
    log: silent,
    typeOf: (type) => (type === 'thread' ? threadType : notifierTypeOf(type)),
    ...extra,
  };
}

function message(notifier: string, eventKey = `key-${n}-${Math.random()}`, name = 'case-create'): NotifierMessage {
  const result = normalise(fixture('v5-audit', name));
  if (!result.ok) throw new Error(result.message);
  return { v: 1, notifier, eventKey, event: result.event, acceptedAt: Date.now(), attempts: 0 };
}

async function enqueueAndReceive(body: string) {
  await emulators.queue.sendBatch(pair.queueUrl, [{ id: 'm', body }]);
  const [received] = await emulators.queue.receive(pair.queueUrl, { waitSeconds: 1 });
  return received;
}

const webhook = { name: 'hook', type: 'webhook', triggers: ['AnyEvent'], url: { secret: 'HOOK' } };

describe('delivery over real adapters', () => {
  it('posts once when the same SQS message is delivered again (crash before delete)', async () => {
    const d = deps([webhook]);
    const first = await enqueueAndReceive(JSON.stringify(message('hook')));
    expect(await deliver({ ...first, receiveCount: first.receiveCount }, d)).toMatchObject({ kind: 'delivered', replayed: 0 });
    // the worker died before deleting: SQS hands the same message out again
    await emulators.queue.changeVisibility(pair.queueUrl, first.receiptHandle, 0);
    const [again] = await emulators.queue.receive(pair.queueUrl, { waitSeconds: 1 });
    expect(again.messageId).toBe(first.messageId);
    expect(again.receiveCount).toBe(2);
    expect(await deliver(again, d)).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(sink.requests).toHaveLength(1);
    // the Powertools record: its own partition, completed, kept ~15 days, with the answer
    const { Items = [] } = await DynamoDBDocumentClient.from(emulators.dynamo).send(new ScanCommand({ TableName: 'state' }));
    const records = Items.filter((item) => String(item.pk).startsWith('IDEMP#hook#'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ sk: 'IDEMP', status: 'COMPLETED', data: { response: { status: 200, body: 'ok' } } });
    expect(records[0].expiresAt - Date.now() / 1000).toBeGreaterThan(14 * 24 * 3600);
  });

  it('lets only one of two concurrent deliveries of a message post; the other retries later', async () => {
    sink.respondWith(() => ({ status: 200, body: 'ok', delayMs: 300 }));
    const d = deps([webhook]);
    const body = JSON.stringify(message('hook'));
    const record = { messageId: 'm1', body, receiveCount: 1 };
    const results = await Promise.all([deliver(record, d), deliver({ ...record, receiveCount: 2 }, d)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['delivered', 'retry']);
    expect(sink.requests).toHaveLength(1);
    expect(await deliver({ ...record, receiveCount: 3 }, d)).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(sink.requests).toHaveLength(1);
  });

  it('keeps no record for a failed request, so the retry posts again', async () => {
    sink.answerNext({ status: 502, body: 'bad gateway' });
    const d = deps([webhook]);
    const body = JSON.stringify(message('hook'));
    expect(await deliver({ messageId: 'x', body, receiveCount: 1 }, d)).toMatchObject({ kind: 'retry', attempts: 1 });
    expect(await deliver({ messageId: 'x', body, receiveCount: 2 }, d)).toMatchObject({ kind: 'delivered', replayed: 0 });
    expect(sink.requests).toHaveLength(2);
  });

  it('runs dependent requests in order, replays the delivered ones after a failure, and remembers the thread', async () => {
    let replies = 0;
    sink.respondWith((request) => {
      if (request.path === '/hook/post') return { status: 200, body: JSON.stringify({ thread: `t-${request.body}` }) };
      replies++;
      return replies === 1 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' };
    });
    const d = deps([{ name: 'chat', type: 'webhook', triggers: ['AnyEvent'], url: sink.url('/hook') }], {}, { chat: 'thread' });
    const msg = message('chat');
    const body = JSON.stringify(msg);
    expect(await deliver({ messageId: 'a', body, receiveCount: 1 }, d)).toMatchObject({ kind: 'retry' });
    // the post went through and its thread id is remembered for the case, although the reply failed
    const memory = await emulators.state.get(memoryItemKey('chat', msg.event.rootId!).pk, msg.event.rootId!);
    expect(memory?.memory).toEqual({ thread: `t-${msg.event.objectId}` });
    expect(await deliver({ messageId: 'a', body, receiveCount: 2 }, d)).toMatchObject({ kind: 'delivered' });
    expect(sink.requests.map((r) => `${r.path} ${r.body}`)).toEqual([
      `/hook/post ${msg.event.objectId}`,
      `/hook/reply t-${msg.event.objectId}`,
      `/hook/reply t-${msg.event.objectId}`,
    ]);
    // a later event of the same case replies in the remembered thread, without a new post
    const next = message('chat', 'another-event', 'case-update');
    expect(next.event.rootId).toBe(msg.event.rootId);
    expect(await deliver({ messageId: 'b', body: JSON.stringify(next), receiveCount: 1 }, d)).toMatchObject({ kind: 'delivered', requests: 1 });
    expect(sink.requests.at(-1)?.path).toBe('/hook/reply');
  });

  it('re-enqueues with the target’s wait without using an attempt; a wait past 15 minutes goes on when the copy comes back early', async () => {
    sink.answerNext({ status: 429, headers: { 'retry-after': '3600' }, body: 'rate limited' });
    let now = Date.now();
    const d = deps([webhook], { clock: { now: () => now } });
    const result = await deliver({ messageId: 'r', body: JSON.stringify(message('hook')), receiveCount: 1 }, d);
    expect(result).toMatchObject({ kind: 'requeued', delaySeconds: 3600, attempts: 0 });
    expect(await emulators.queue.receive(pair.queueUrl)).toEqual([]); // delayed (SQS's longest, 15 min), not visible
    expect(await emulators.queue.approximateCount(pair.queueUrl)).toBe(1);
    // the copy, seen 15 minutes later: back for the other 45, the target not called
    await emulators.queue.purge(pair.queueUrl);
    const copy = { ...message('hook'), attempts: 0, waits: { count: 1, seconds: 3600 }, notBefore: now + 3600_000 };
    now += 900_000;
    const early = await enqueueAndReceive(JSON.stringify(copy));
    expect(await deliver(early, d)).toMatchObject({ kind: 'requeued', delaySeconds: 2700, attempts: 0 });
    expect(sink.requests).toHaveLength(1);
  });

  it('parks a transient failure once the attempts across copies reach maxReceiveCount', async () => {
    sink.respondWith(() => ({ status: 500, body: 'boom' }));
    const d = deps([{ ...webhook, maxReceiveCount: 3 }]);
    const msg = { ...message('hook'), attempts: 2 }; // two tries made by earlier copies
    const result = await deliver({ messageId: 'p', body: JSON.stringify(msg), receiveCount: 1 }, d);
    expect(result).toMatchObject({ kind: 'parked', failure: { attempts: 3, permanent: false, status: 500 } });
    const [dead] = await emulators.queue.receive(pair.dlqUrl, { waitSeconds: 1 });
    const letter = JSON.parse(dead.body) as DeadLetter;
    expect(letter.message.eventKey).toBe(msg.eventKey);
    expect(letter.failure.reason).toMatch(/gave up after 3 attempts/);
    expect(dead.attributes.notifier).toBe('hook');
  });

  it('parks a message that is not a notifier message, keeping its body', async () => {
    const result = await deliver({ messageId: 'bad', body: 'not json at all', receiveCount: 1 }, deps([webhook]));
    expect(result).toMatchObject({ kind: 'parked', failure: { permanent: true } });
    const [dead] = await emulators.queue.receive(pair.dlqUrl, { waitSeconds: 1 });
    expect(JSON.parse(dead.body)).toMatchObject({ message: 'not json at all', failure: { reason: 'malformed queue message: not JSON' } });
  });

  it('refuses a private address in AWS mode, permanently, without connecting', async () => {
    const d = deps([webhook], { http: new NodeHttpClient({ allowHosts: [], allowLoopback: false }) });
    const result = await deliver({ messageId: 's', body: JSON.stringify(message('hook')), receiveCount: 1 }, d);
    expect(result).toMatchObject({ kind: 'parked', failure: { permanent: true } });
    expect(result.kind === 'parked' && result.failure.reason).toMatch(/blocked/);
    expect(sink.requests).toHaveLength(0);
  });

  it('carries email requests through the email sender and console requests to the log sink', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hive-relay-outbox-'));
    const printed: string[] = [];
    const mailType: NotifierType<any> = {
      type: 'mail',
      render: (event) => [
        { key: 'mail', method: 'POST', url: 'email:', transport: 'email', body: JSON.stringify({ from: 'relay@example.org', to: ['soc@example.org'], subject: `${event.objectType} ${event.action}`, text: 'hi' }) },
        { key: 'print', method: 'POST', url: 'console:', body: `printed ${event.objectId}` },
      ],
      outcome: (response) => (response.status < 300 ? { kind: 'delivered' } : { kind: 'permanent', reason: String(response.status) }),
    };
    const d = deps([{ name: 'mail', type: 'webhook', triggers: ['AnyEvent'], url: sink.url('/unused') }], {
      email: new FolderEmailSender(folder),
      consoleSink: (line) => printed.push(line),
      typeOf: () => mailType,
    }, { mail: 'mail' });
    const msg = message('mail');
    expect(await deliver({ messageId: 'e', body: JSON.stringify(msg), receiveCount: 1 }, d)).toMatchObject({ kind: 'delivered', requests: 2 });
    expect(readdirSync(folder).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(printed).toEqual([`printed ${msg.event.objectId}`]);
  });
});
