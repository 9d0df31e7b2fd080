/** The delivery rules shared by every notifier type: what is retried, parked, and what a DLQ letter says. */
import { describe, expect, it } from 'vitest';
import { deliver } from '../../../shared/delivery/deliver.js';
import { makeRedactor } from '../../../shared/delivery/redact.js';
import { AlreadyInProgressError } from '../../../shared/delivery/once.js';
import type { DeadLetter } from '../../../shared/delivery/message.js';
import { HttpTransportError } from '../../../shared/ports.js';
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

  it('re-enqueues a copy after Retry-After, then the original is done', async () => {
    const deps = testDeps([hook()], {
      secrets: secretsOf({ URL: SECRET_URL }),
      http: new ScriptedHttp(() => ({ status: 503, headers: { 'retry-after': '42' }, body: 'maintenance' })),
    });
    const result = await deliver(record(notifierMessage('hook')), deps);
    expect(result).toMatchObject({ kind: 'requeued', delaySeconds: 42, attempts: 1 });
    const [copy] = deps.queue.sent;
    expect(copy.queueUrl).toBe('queue://main');
    expect(copy.message.delaySeconds).toBe(42);
    expect(JSON.parse(copy.message.body)).toMatchObject({ notifier: 'hook', attempts: 1 });
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
