/** The delivery rules shared by every notifier type: what is retried, parked, and what a DLQ letter says. */
import { describe, expect, it } from 'vitest';
import { deliver } from '../../../shared/delivery/deliver.js';
import { makeRedactor } from '../../../shared/delivery/redact.js';
import { AlreadyInProgressError } from '../../../shared/delivery/once.js';
import { MAX_WAIT_SECONDS, MAX_WAITS } from '../../../shared/delivery/target-wait.js';
import type { DeadLetter } from '../../../shared/delivery/message.js';
import { HttpTransportError, type HttpResponse } from '../../../shared/ports.js';
import { ScriptedHttp, secretsOf } from '../fakes.js';
import { notifierMessage, testDeps } from './fakes.js';

const hook = (extra: Record<string, unknown> = {}) => ({ name: 'hook', type: 'webhook', triggers: ['AnyEvent'], url: { secret: 'URL' }, maxReceiveCount: 3, ...extra });
const SECRET_URL = 'https://hooks.example.org/services/T0K3N-abcdef';
const record = (body: unknown, receiveCount = 1) => ({ messageId: 'm', body: JSON.stringify(body), receiveCount });
const parked = (deps: ReturnType<typeof testDeps>) => deps.queue.sent.filter((s) => s.queueUrl === 'queue://dlq').map((s) => JSON.parse(s.message.body) as DeadLetter);

describe('delivery rules', () => {
  it.each([
    ['a timeout', new HttpTransportError('no answer within 10000 ms', 'timeout')],
    ['a network error', new HttpTransportError('ECONNRESET: socket hang up', 'network')],
  ])('retries %s by leaving the message on the queue', async (_name, error) => {
    const deps = testDeps([hook()], { secrets: secretsOf({ URL: SECRET_URL }), http: new ScriptedHttp(() => Promise.reject(error)) });
    const result = await deliver(record(notifierMessage('hook')), deps);
    expect(result).toMatchObject({ kind: 'retry', attempts: 1 });
    expect(deps.queue.sent).toHaveLength(0);
    expect(deps.metrics.get('DeliveryRetried')).toBe(1);
  });

  it('parks after maxReceiveCount receives, with the last reason and no secret in it', async () => {
    const error = new HttpTransportError(`ENOTFOUND: getaddrinfo failed for ${SECRET_URL}`, 'network');
    const deps = testDeps([hook()], { secrets: secretsOf({ URL: SECRET_URL }), http: new ScriptedHttp(() => Promise.reject(error)) });
    const result = await deliver(record(notifierMessage('hook'), 3), deps);
    expect(result.kind).toBe('parked');
    const [letter] = parked(deps);
    expect(letter.failure).toMatchObject({ attempts: 3, permanent: false, lastAttemptAt: '2026-11-26T08:00:00.000Z', request: 'post' });
    expect(letter.failure.reason).toMatch(/^gave up after 3 attempts: network: ENOTFOUND/);
    expect(JSON.stringify(letter)).not.toContain('T0K3N');
  });

  it('keeps a target echoing part of the secret URL out of the DLQ letter', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp(() => ({ status: 404, headers: {}, body: 'no hook T0K3N-abcdef here' })),
    });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'parked' });
    const [letter] = parked(deps);
    expect(letter.failure.status).toBe(404);
    expect(letter.failure.error).toMatch(/^no hook .+ here$/);
    expect(JSON.stringify(letter)).not.toContain('T0K3N');
  });

  it('counts attempts made by earlier copies of the message', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp(() => ({ status: 500, headers: {}, body: 'oops' })),
    });
    expect(await deliver(record(notifierMessage('hook', 1)), deps)).toMatchObject({ kind: 'retry', attempts: 2 });
    expect(await deliver(record(notifierMessage('hook', 2)), deps)).toMatchObject({ kind: 'parked' });
  });

  it('re-enqueues a copy after Retry-After, then the original is done; the wait is no attempt', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp(() => ({ status: 503, headers: { 'retry-after': '42' }, body: 'maintenance' })),
    });
    const result = await deliver(record(notifierMessage('hook')), deps);
    expect(result).toMatchObject({ kind: 'requeued', delaySeconds: 42, attempts: 0 });
    const [copy] = deps.queue.sent;
    expect(copy.queueUrl).toBe('queue://main');
    expect(copy.message.delaySeconds).toBe(42);
    expect(JSON.parse(copy.message.body)).toMatchObject({ notifier: 'hook', attempts: 0, waits: { count: 1, seconds: 42 } });
    expect(JSON.parse(copy.message.body).notBefore).toBeUndefined();
  });

  /** Delivers `body`, then each copy put back on the queue, `times` times; the results. */
  async function followCopies(deps: ReturnType<typeof testDeps>, body: string, times: number) {
    const results = [];
    for (let i = 0; i < times; i++) {
      results.push(await deliver({ messageId: `m${i}`, body, receiveCount: 1 }, deps));
      const copy = deps.queue.sent.filter((s) => s.queueUrl === 'queue://main').at(-1);
      if (copy) body = copy.message.body;
    }
    return results;
  }

  it('waits out a target that answers 429 + Retry-After more often than maxReceiveCount, without parking', async () => {
    let calls = 0;
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp((): HttpResponse => (++calls <= 5 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200, headers: {}, body: 'ok' })),
    });
    const results = await followCopies(deps, JSON.stringify(notifierMessage('hook')), 6);
    expect(results.map((r) => r.kind)).toEqual(['requeued', 'requeued', 'requeued', 'requeued', 'requeued', 'delivered']);
    expect(results.slice(0, 5).map((r) => r.kind === 'requeued' && r.attempts)).toEqual([0, 0, 0, 0, 0]);
    expect(parked(deps)).toEqual([]);
  });

  it('honours a wait longer than SQS’s 15-minute delay: a copy received early goes back for the rest without calling the target', async () => {
    let now = Date.UTC(2026, 10, 26, 8, 0, 0);
    const http = new ScriptedHttp(() => ({ status: 429, headers: { 'retry-after': '7200' }, body: 'slow down' }));
    const deps = testDeps([hook()], { secrets: secretsOf({ URL: SECRET_URL }), http, clock: { now: () => now } });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'requeued', delaySeconds: 7200, attempts: 0 });
    const first = deps.queue.sent[0];
    expect(first.message.delaySeconds).toBe(900);
    expect(JSON.parse(first.message.body)).toMatchObject({ notBefore: now + 7200_000 });

    now += 900_000;
    expect(await deliver({ messageId: 'early', body: first.message.body, receiveCount: 1 }, deps)).toMatchObject({ kind: 'requeued', delaySeconds: 6300, attempts: 0 });
    expect(http.requests).toHaveLength(1);
    const again = deps.queue.sent[1];
    expect(again.message.delaySeconds).toBe(900);
    expect(JSON.parse(again.message.body)).toMatchObject({ attempts: 0, waits: { count: 1, seconds: 7200 }, notBefore: now + 6300_000 });

    now += 6300_000;
    http.answer = () => ({ status: 200, headers: {}, body: 'ok' });
    expect(await deliver({ messageId: 'due', body: again.message.body, receiveCount: 1 }, deps)).toMatchObject({ kind: 'delivered' });
    expect(http.requests).toHaveLength(2);
  });

  it('honours a target’s waits MAX_WAITS times; after that each counts, so a target that never stops asking ends in the DLQ', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp(() => ({ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' })),
    });
    const results = await followCopies(deps, JSON.stringify(notifierMessage('hook')), MAX_WAITS + 3);
    expect(results.slice(0, MAX_WAITS).every((r) => r.kind === 'requeued' && r.attempts === 0)).toBe(true);
    expect(results.slice(MAX_WAITS).map((r) => r.kind === 'requeued' ? `requeued ${r.attempts}` : r.kind)).toEqual(['requeued 1', 'requeued 2', 'parked']);
    const [letter] = parked(deps);
    expect(letter.failure.reason).toBe(`gave up after 3 attempts and ${MAX_WAITS} waits the target asked for: webhook answered 429: slow down`);
    // the DLQ keeps the message without its waits, so a redrive gets a fresh budget
    expect(letter.message).not.toHaveProperty('waits');
  });

  it('honours waits for MAX_WAIT_SECONDS in all: a longer one counts as an attempt of at most 15 minutes', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp(() => ({ status: 429, headers: { 'retry-after': String(MAX_WAIT_SECONDS + 1) }, body: 'come back tomorrow' })),
    });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'requeued', delaySeconds: 900, attempts: 1 });
    expect(JSON.parse(deps.queue.sent[0].message.body)).toMatchObject({ attempts: 1 });
  });

  it('parks at once: a missing secret (config error), naming it', async () => {
    const deps = testDeps([hook()], { secrets: secretsOf({}) });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'parked', failure: { permanent: true, attempts: 1 } });
    expect(parked(deps)[0].failure.reason).toMatch(/config: secret URL not found/);
  });

  it('retries when the secret store itself fails', async () => {
    const deps = testDeps([hook()], { secrets: secretsOf({ URL: SECRET_URL }, true) });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'retry' });
  });

  it('parks a template error at once with the template’s message', async () => {
    const deps = testDeps([hook({ template: '{"text": "{{#if}}"}' })], { secrets: secretsOf({ URL: SECRET_URL }) });
    const result = await deliver(record(notifierMessage('hook')), deps);
    expect(result).toMatchObject({ kind: 'parked', failure: { permanent: true } });
    expect(parked(deps)[0].failure.reason).toMatch(/^render: template/);
    expect((deps.http as ScriptedHttp).requests).toHaveLength(0);
  });

  it('parks a message for a notifier that is not in the config', async () => {
    const deps = testDeps([hook()]);
    expect(await deliver(record(notifierMessage('gone')), deps)).toMatchObject({ kind: 'parked', failure: { reason: 'notifier "gone" is not in the config' } });
  });

  it('retries while another worker delivers the same request', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      once: { once: async (key) => Promise.reject(new AlreadyInProgressError(key)) },
    });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'retry' });
  });

  it('throws when the DLQ cannot be written, so the message is retried rather than lost', async () => {
    const deps = testDeps([hook()], { secrets: secretsOf({}) });
    deps.queue.failSends = true;
    await expect(deliver(record(notifierMessage('hook')), deps)).rejects.toThrow(/queue unavailable/);
  });

  it('delivers, and a replay of the same message sends nothing', async () => {
    const deps = testDeps([hook()], { secrets: secretsOf({ URL: SECRET_URL }) });
    expect(await deliver(record(notifierMessage('hook')), deps)).toMatchObject({ kind: 'delivered', replayed: 0 });
    expect(await deliver(record(notifierMessage('hook'), 2), deps)).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect((deps.http as ScriptedHttp).requests).toHaveLength(1);
    expect((deps.http as ScriptedHttp).requests[0].url).toBe(SECRET_URL);
  });
});

describe('redaction', () => {
  it('removes each secret, its URL-encoded and base64 forms, longest first', () => {
    const redact = makeRedactor(['abc', 'abc-longer-secret', 'p@ss word']);
    expect(redact('x abc-longer-secret y abc z')).toBe('x [redacted] y [redacted] z');
    expect(redact(`q=${encodeURIComponent('p@ss word')}`)).toBe('q=[redacted]');
    expect(redact(`Basic ${Buffer.from('p@ss word').toString('base64')}`)).toBe('Basic [redacted]');
  });

  it("removes a secret URL's path and query values when they come back without the host", () => {
    const redact = makeRedactor(['https://hooks.example.com/services/T0AAA/B0BBB/Zk9sEcReT?sig=s1gn4tur3-value&v=1']);
    expect(redact('no route for /services/T0AAA/B0BBB/Zk9sEcReT')).toBe('no route for [redacted]');
    expect(redact('bad signature s1gn4tur3-value')).toBe('bad signature [redacted]');
    // short, common parts stay: they cannot be the secret
    expect(redact('v=1')).toBe('v=1');
  });
});
