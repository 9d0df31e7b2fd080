import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSink, waitFor, type Sink } from '../fakes/sink.js';
import { startTestRelay, type TestRelay } from './relay.js';
import { listDeadLetters, redrive } from '../../shared/dlq/dead-letters.js';

const SIGNING = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');

let relay: TestRelay | undefined;
let sink: Sink | undefined;
afterEach(async () => {
  await relay?.stop();
  await sink?.stop();
  relay = sink = undefined;
});

function webhook(overrides: Record<string, unknown> = {}) {
  return {
    name: 'soc-webhook',
    type: 'webhook',
    triggers: ['CaseCreated', 'AlertCreated'],
    url: { secret: 'SOC_WEBHOOK_URL' },
    signingSecret: { secret: 'SOC_SIGNING' },
    maxReceiveCount: 2,
    ...overrides,
  };
}

async function start(extra: { notifiers?: unknown[]; env?: Record<string, string> } = {}) {
  relay = await startTestRelay(
    { notifiers: extra.notifiers ?? [webhook()] },
    { env: { SOC_WEBHOOK_URL: sink!.url('/hooks/soc'), SOC_SIGNING: SIGNING, ...(extra.env ?? {}) } },
  );
  return relay;
}

const settled = async (r: TestRelay, notifier: string) => waitFor(async () => (await r.pending(notifier)) === 0, 15_000, () => `queue of ${notifier} not empty`);

describe('local runtime end to end', () => {
  it('delivers an event to a loopback sink once, signed, and routes a re-post of the same body once', async () => {
    sink = await startSink();
    const r = await start({ notifiers: [webhook(), { name: 'console', type: 'console', triggers: ['AnyEvent'] }] });
    const first = await r.postFixture('v5-audit', 'case-create');
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ accepted: true, routed: ['soc-webhook', 'console'] });
    const again = await r.post(first.body);
    expect(again.status).toBe(202);
    expect(again.json).toEqual({ accepted: true, duplicate: true, routed: [] });

    const [request] = await sink.waitForRequests(1);
    await settled(r, 'soc-webhook');
    await waitFor(() => r.printed.length >= 1);
    expect(sink.requests).toHaveLength(1);
    expect(request.path).toBe('/hooks/soc');
    expect(request.json).toMatchObject({ objectType: 'Case', action: 'create', version: 5 });
    // a receiver verifies the Standard Webhooks signature with the shared secret
    const key = Buffer.from(SIGNING.slice(6), 'base64');
    const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
    expect(request.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
    expect(r.printed).toHaveLength(1);
    expect(r.printed[0]).toContain('console: Case create');
    expect(r.metrics.get('IngestAccepted')).toBe(1);
    expect(r.metrics.get('IngestDuplicate')).toBe(1);
  });

  it('routes only to matching notifiers and accepts an event that matches none', async () => {
    sink = await startSink();
    const r = await start();
    const response = await r.postFixture('v5-audit', 'task-create');
    expect(response.status).toBe(202);
    expect(response.json).toEqual({ accepted: true, routed: [] });
    expect(await r.pending('soc-webhook')).toBe(0);
  });

  it('retries a failing target, parks it in the DLQ with the reason, and a redrive delivers it once', async () => {
    sink = await startSink(() => ({ status: 503, body: 'target down for maintenance' }));
    const r = await start();
    expect((await r.postFixture('v4', 'case-create')).status).toBe(202);
    await waitFor(async () => (await r.dead('soc-webhook')) === 1, 20_000, () => 'nothing in the DLQ');
    expect(sink.requests).toHaveLength(2); // maxReceiveCount: 2
    expect(r.deliveries.map((d) => d.result.kind)).toEqual(['retry', 'parked']);

    const pair = r.queues['notifier:soc-webhook'];
    const [entry] = await listDeadLetters(r.queue, pair.dlqUrl);
    expect(entry.parkedBy).toBe('relay');
    expect(entry.letter.failure).toMatchObject({ status: 503, attempts: 2, permanent: false, request: 'post' });
    expect(entry.letter.failure.reason).toContain('503');
    expect(entry.letter.failure.error).toContain('target down for maintenance');
    expect(Date.parse(entry.letter.failure.lastAttemptAt)).not.toBeNaN();
    expect(entry.letter.failure.reason + entry.letter.failure.error).not.toContain(sink.url('/hooks/soc'));

    sink.respondWith(() => ({ status: 200, body: 'ok' })); // the target is back
    const result = await redrive(r.queue, pair);
    expect(result.moved).toBe(1);
    await sink.waitForRequests(3);
    await settled(r, 'soc-webhook');
    expect(sink.requests).toHaveLength(3);
    expect(await r.dead('soc-webhook')).toBe(0);
    expect(r.deliveries.at(-1)?.result.kind).toBe('delivered');
    // the same webhook-id on every try: the receiver can dedupe
    expect(new Set(sink.requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
  });

  it('parks a permanent failure at once, and keeps secrets out of the reason', async () => {
    sink = await startSink((request) => ({ status: 401, body: `unknown api key ${request.headers['x-api-key']}` }));
    const r = await start({ notifiers: [webhook({ headers: { 'X-Api-Key': { secret: 'SOC_KEY' } } })], env: { SOC_KEY: 'sk-very-secret-4242' } });
    await r.postFixture('v3', 'case-create');
    await waitFor(async () => (await r.dead('soc-webhook')) === 1, 15_000, () => 'nothing in the DLQ');
    expect(sink.requests).toHaveLength(1);
    const [entry] = await listDeadLetters(r.queue, r.queues['notifier:soc-webhook'].dlqUrl);
    expect(entry.letter.failure).toMatchObject({ status: 401, attempts: 1, permanent: true });
    expect(JSON.stringify(entry.letter)).not.toContain('sk-very-secret-4242');
    expect(entry.letter.failure.error).toContain('[redacted]');
  });

  it('honours Retry-After by re-enqueueing with a delay, without burning the receive count', async () => {
    sink = await startSink();
    sink.answerNext({ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' });
    const r = await start();
    await r.postFixture('v5-v0', 'case-create');
    await sink.waitForRequests(2);
    await settled(r, 'soc-webhook');
    const kinds = r.deliveries.map((d) => d.result);
    expect(kinds.map((k) => k.kind)).toEqual(['requeued', 'delivered']);
    expect(kinds[0]).toMatchObject({ delaySeconds: 1, attempts: 0 });
    // the retry is a new copy: received once, and the wait was no attempt
    const retried = r.deliveries[1].record;
    expect(retried.attributes.ApproximateReceiveCount).toBe('1');
    expect(JSON.parse(retried.body)).toMatchObject({ attempts: 0, waits: { count: 1, seconds: 1 } });
    expect(retried.messageId).not.toBe(r.deliveries[0].record.messageId);
    expect(sink.requests).toHaveLength(2);
    expect(await r.dead('soc-webhook')).toBe(0);
  });

  it('parks a delivery whose secret is missing, naming the secret', async () => {
    sink = await startSink();
    const r = await start({ notifiers: [webhook({ url: { secret: 'NOT_SET_ANYWHERE' } })] });
    await r.postFixture('v5-audit', 'alert-create');
    await waitFor(async () => (await r.dead('soc-webhook')) === 1, 15_000, () => 'nothing in the DLQ');
    const [entry] = await listDeadLetters(r.queue, r.queues['notifier:soc-webhook'].dlqUrl);
    expect(entry.letter.failure.permanent).toBe(true);
    expect(entry.letter.failure.reason).toContain('NOT_SET_ANYWHERE');
    expect(sink.requests).toHaveLength(0);
    expect(r.missingSecrets).toContain('NOT_SET_ANYWHERE');
  });
});
