import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleFunctionRequest } from '../../../shared/functions/intake.js';
import { processFunctionRecord } from '../../../shared/functions/worker.js';
import { TOKEN, get, post, sourceFixture, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    [
      { name: 'elastic', type: 'elastic', alert: { type: 'EDR', source: 'Elastic' } },
      { name: 'sekoia', type: 'sekoia', auth: { type: 'header', name: 'x-relay-token', token: { secret: 'FN_TOKEN' } }, sekoia: { url: 'http://placeholder.invalid', apiKey: { secret: 'SEKOIA_API_KEY' } } },
      { name: 'splunk', type: 'splunk', maxReceiveCount: 2 },
      { name: 'wazuh', type: 'wazuh', auth: { type: 'basic', username: 'wazuh', password: { secret: 'FN_TOKEN' } }, runRetentionDays: 1 },
      { name: 'jamf', type: 'custom', module: './custom/jamf-protect.ts' },
      { name: 'buggy', type: 'custom', module: './custom/throwing.mjs' },
      { name: 'quiet', type: 'elastic', mode: 'disabled' },
      { name: 'rehearsal', type: 'wazuh', mode: 'dry-run' },
    ],
    { customDir: resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sources') },
  );
  // the Sekoia function talks to the fake Sekoia API
  const sekoiaFn = h.intakeDeps.functions.find((fn) => fn.name === 'sekoia')!;
  sekoiaFn.sekoia!.url = h.sekoia.baseUrl;
});
afterAll(() => h?.stop());
beforeEach(() => {
  h.thehive.reset();
  h.sekoia.reset();
});


const status = async (name: string) => (await handleFunctionRequest(name, get(), h.intakeDeps)).body as any;

describe('function use cases over dynalite, fauxqs and fake TheHive/Sekoia', () => {
  it('accepts an Elastic batch (202 runId), creates one TheHive alert per Elastic alert and records the success', async () => {
    const answer = await handleFunctionRequest('elastic', post(sourceFixture('elastic/recommended-body-nested.json')), h.intakeDeps);
    expect(answer.status).toBe(202);
    const runId = answer.body.runId as string;
    expect(runId).toMatch(/^\d{13}-[a-z0-9]+$/);
    expect(h.thehive.alerts).toHaveLength(0);

    expect(await h.work('elastic')).toEqual([{ kind: 'done', status: 'succeeded', alerts: expect.any(Array) }]);
    expect(h.thehive.alerts.map((a) => [a.type, a.source, a.sourceRef, a.severity])).toEqual([
      ['EDR', 'Elastic', 'a71f4e0c9b2d43d8a6e5f1c2b3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2', 3],
      ['EDR', 'Elastic', 'b82a5f1d0c3e54e9b7f6a2d3c4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3', 4],
    ]);
    expect(h.thehive.observablesOf(h.thehive.alerts[0]._id).map((o) => o.data)).toContain('203.0.113.77');

    const run = (await handleFunctionRequest('elastic', get({ run: runId }), h.intakeDeps)).body as any;
    expect(run).toMatchObject({ runId, status: 'succeeded', attempts: 1, alerts: [{ outcome: 'created', id: h.thehive.alerts[0]._id }, { outcome: 'created' }] });
    expect(run.payload.rule.name).toBe('Suspicious PowerShell Download');
    const current = await status('elastic');
    expect(current).toMatchObject({ function: 'elastic', mode: 'enabled', counters: { received: 1, succeeded: 1, alertsCreated: 2 } });
    expect(current.lastSuccess).toMatchObject({ runId, message: expect.stringContaining('created alert "Suspicious PowerShell Download"') });
    expect(current.recentRuns[0]).toMatchObject({ runId, status: 'succeeded' });
    expect(current.recentRuns[0].payload).toBeUndefined();
  });

  it('makes one alert of a body posted twice and of a redelivered message', async () => {
    const body = sourceFixture('wazuh/sshd-bruteforce.json');
    const basic = `Basic ${Buffer.from(`wazuh:${TOKEN}`).toString('base64')}`;
    const first = await handleFunctionRequest('wazuh', post(body, { token: null, headers: { authorization: basic } }), h.intakeDeps);
    const second = await handleFunctionRequest('wazuh', post(body, { token: null, headers: { authorization: basic } }), h.intakeDeps);
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 202, body: { runId: first.body.runId, duplicate: true } });

    const messages = await h.queue.receive(h.queues.wazuh.queueUrl, { max: 10 });
    expect(messages).toHaveLength(1);
    // delivered twice (a redelivery after a lost delete)
    const deps = h.workerDeps('wazuh');
    expect(await processFunctionRecord({ body: messages[0].body, receiveCount: 1 }, deps)).toMatchObject({ kind: 'done', status: 'succeeded' });
    expect(await processFunctionRecord({ body: messages[0].body, receiveCount: 2 }, deps)).toMatchObject({ kind: 'done', redelivered: true });
    await h.queue.delete(h.queues.wazuh.queueUrl, messages[0].receiptHandle);
    expect(h.thehive.alerts).toHaveLength(1);
    expect(h.thehive.requestsTo('POST', '/api/v1/alert')).toHaveLength(1);
  });

  it('records "already exists" when TheHive has the sourceRef, and merges observables it lacks', async () => {
    const alert = JSON.parse(sourceFixture('elastic/single-alert-mixed.json'));
    await handleFunctionRequest('elastic', post(JSON.stringify(alert)), h.intakeDeps);
    await h.work('elastic');
    expect(h.thehive.alerts).toHaveLength(1);

    // the same alert re-sent in another shape (different body, same kibana.alert.uuid)
    await handleFunctionRequest('elastic', post(JSON.stringify([alert])), h.intakeDeps);
    expect(await h.work('elastic')).toEqual([expect.objectContaining({ kind: 'done', status: 'duplicate' })]);

    // and once more with a new observable
    await handleFunctionRequest('elastic', post(JSON.stringify({ ...alert, 'source.ip': '198.51.100.99' })), h.intakeDeps);
    const [merged] = await h.work('elastic');
    expect(merged).toMatchObject({ kind: 'done', status: 'succeeded', alerts: [{ outcome: 'merged', observablesAdded: 1 }] });
    expect(h.thehive.alerts).toHaveLength(1);
    expect(h.thehive.observablesOf(h.thehive.alerts[0]._id).filter((o) => o.data === '198.51.100.99')).toHaveLength(1);
    expect(h.thehive.requestsTo('POST', '/api/v1/alert/')).toHaveLength(1);
  });

  it('answers a body that is not the source format with 400 naming the field, and records it as a failed run', async () => {
    const bad = JSON.stringify({ type: 'alert', action: 'created', attributes: {}, metadata: {} });
    const answer = await handleFunctionRequest('sekoia', post(bad, { token: null, headers: { 'x-relay-token': TOKEN } }), h.intakeDeps);
    expect(answer).toMatchObject({ status: 400, body: { field: 'attributes.uuid', runId: expect.any(String) } });
    const notJson = await handleFunctionRequest('sekoia', post('{"type":', { token: null, headers: { 'x-relay-token': TOKEN } }), h.intakeDeps);
    expect(notJson).toMatchObject({ status: 400, body: { field: '(body)' } });
    const current = (await handleFunctionRequest('sekoia', get({}, ''), h.intakeDeps)).status;
    expect(current).toBe(401);
    const sekoiaStatus = (await handleFunctionRequest('sekoia', { ...get(), headers: { 'x-relay-token': TOKEN } }, h.intakeDeps)).body as any;
    expect(sekoiaStatus.counters.rejected).toBe(2);
    expect(sekoiaStatus.lastError).toMatchObject({ runId: notJson.body.runId, kind: 'validation', message: expect.stringContaining('(body): not JSON') });
    const run = (await handleFunctionRequest('sekoia', { ...get({ run: answer.body.runId as string }), headers: { 'x-relay-token': TOKEN } }, h.intakeDeps)).body as any;
    expect(run).toMatchObject({ status: 'rejected', error: { field: 'attributes.uuid' }, payload: JSON.parse(bad) });
    expect(await h.queue.receive(h.queues.sekoia.queueUrl, { max: 10 })).toHaveLength(0);
    expect(h.thehive.requests).toHaveLength(0);
  });

  it('enriches a Sekoia notification through the alert API before creating the alert', async () => {
    h.sekoia.addAlert(JSON.parse(sourceFixture('sekoia/alert-api-answer.json')));
    const answer = await handleFunctionRequest('sekoia', post(sourceFixture('sekoia/notification-alert-created.json'), { token: null, headers: { 'x-relay-token': TOKEN } }), h.intakeDeps);
    expect(answer.status).toBe(202);
    expect(await h.work('sekoia')).toEqual([expect.objectContaining({ kind: 'done', status: 'succeeded' })]);
    expect(h.sekoia.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/sic/alerts/af0a370f-2e44-433c-99b2-2d0e4b348d0c?stix=true' })]);
    expect(h.sekoia.requests[0].headers.authorization).toBe(`Bearer ${h.sekoia.apiKey}`);
    expect(h.thehive.alerts).toEqual([expect.objectContaining({ source: 'Sekoia.io', sourceRef: 'af0a370f-2e44-433c-99b2-2d0e4b348d0c', severity: 4 })]);
  });

  it('parks a run whose Sekoia key is refused, with a configuration error in the status', async () => {
    const notification = JSON.parse(sourceFixture('sekoia/notification-alert-created.json'));
    notification.metadata.uuid = 'another-notification';
    h.sekoia.answerNext({ status: 401, body: { message: 'Unauthorized' } });
    await handleFunctionRequest('sekoia', post(JSON.stringify(notification), { token: null, headers: { 'x-relay-token': TOKEN } }), h.intakeDeps);
    expect(await h.work('sekoia')).toEqual([{ kind: 'parked', reason: 'configuration error' }]);
    const dead = await h.queue.receive(h.queues.sekoia.dlqUrl, { max: 10 });
    expect(JSON.parse(dead[0].body)).toMatchObject({ message: { function: 'sekoia' }, failure: { reason: 'configuration error', status: 401, permanent: true } });
    await h.queue.delete(h.queues.sekoia.dlqUrl, dead[0].receiptHandle);
    const current = (await handleFunctionRequest('sekoia', { ...get(), headers: { 'x-relay-token': TOKEN } }, h.intakeDeps)).body as any;
    expect(current.lastError).toMatchObject({ kind: 'configuration', message: expect.stringContaining('HTTP 401') });
    expect(current.lastError.message).not.toContain(h.sekoia.apiKey);
  });

  it('retries while TheHive answers 5xx, then parks the run in the DLQ with the reason', async () => {
    h.thehive.answerNext({ status: 503, body: 'busy' }, { status: 502, body: 'bad gateway' });
    const answer = await handleFunctionRequest('splunk', post(sourceFixture('splunk/webhook.json')), h.intakeDeps);
    // h.work() makes a retried message visible again at once; the second receive is the last attempt (maxReceiveCount 2)
    const [first, second] = await h.work('splunk');
    expect(first).toMatchObject({ kind: 'retry', error: { kind: 'transient', status: 503 } });
    expect(second).toEqual({ kind: 'parked', reason: 'gave up after 2 attempts' });
    const dead = await h.queue.receive(h.queues.splunk.dlqUrl, { max: 10 });
    expect(JSON.parse(dead[0].body)).toMatchObject({ message: { runId: answer.body.runId }, failure: { status: 502, attempts: 2, permanent: false } });
    const current = await status('splunk');
    expect(current.counters).toMatchObject({ retries: 1, failed: 1 });
    expect(current.lastError).toMatchObject({ runId: answer.body.runId, kind: 'transient', message: expect.stringContaining('gave up after 2 attempts') });
    expect(h.thehive.alerts).toHaveLength(0);

    // redrive after TheHive is back: the same run goes through
    await h.queue.sendBatch(h.queues.splunk.queueUrl, [{ id: 'r', body: dead[0].body }]);
    await h.queue.delete(h.queues.splunk.dlqUrl, dead[0].receiptHandle);
    expect(await h.work('splunk')).toEqual([expect.objectContaining({ kind: 'done', status: 'succeeded' })]);
    expect(h.thehive.alerts).toHaveLength(1);
    expect((await status('splunk')).lastSuccess).toMatchObject({ runId: answer.body.runId });
  });

  it('records TheHive 401 as a configuration error and parks at once', async () => {
    h.thehive.answerNext({ status: 401, body: { type: 'AuthenticationError', message: 'Authentication failure' } });
    const alert = JSON.parse(sourceFixture('wazuh/syscheck-modified.json'));
    const basic = `Basic ${Buffer.from(`wazuh:${TOKEN}`).toString('base64')}`;
    const answer = await handleFunctionRequest('wazuh', post(JSON.stringify(alert), { token: null, headers: { authorization: basic } }), h.intakeDeps);
    expect(await h.work('wazuh')).toEqual([{ kind: 'parked', reason: 'configuration error' }]);
    const current = (await handleFunctionRequest('wazuh', { ...get(), headers: { authorization: basic } }, h.intakeDeps)).body as any;
    expect(current.lastError).toMatchObject({ runId: answer.body.runId, kind: 'configuration', message: expect.stringContaining('AuthenticationError') });
    expect(current.lastError.message).toContain('thehive.apiKey');
    await h.queue.purge(h.queues.wazuh.dlqUrl);
  });

  it('dry-runs synchronously: the summary and exact requests, nothing sent or stored', async () => {
    const before = await status('elastic');
    const answer = await handleFunctionRequest('elastic', post(sourceFixture('elastic/context-alerts-flat.json'), { query: { dryRun: 'true' } }), h.intakeDeps);
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toContain('create alert "Tor Activity to the Internet"');
    expect(answer.body.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/alert', url: `${h.thehive.baseUrl}/api/v1/alert`, body: expect.objectContaining({ sourceRef: expect.any(String), severity: 2 }) }),
    ]);
    expect(h.thehive.requests).toHaveLength(0);
    expect(await status('elastic')).toEqual(before);
    expect(await h.queue.receive(h.queues.elastic.queueUrl, { max: 10 })).toHaveLength(0);

    // mode: dry-run does the same without the query parameter
    const rehearsal = await handleFunctionRequest('rehearsal', post(sourceFixture('wazuh/sshd-bruteforce.json')), h.intakeDeps);
    expect(rehearsal).toMatchObject({ status: 200, body: { dryRun: true, requests: [{ method: 'POST', path: '/api/v1/alert' }] } });
    const bad = await handleFunctionRequest('rehearsal', post('{}'), h.intakeDeps);
    expect(bad).toMatchObject({ status: 400, body: { field: 'id' } });
    expect(h.thehive.requests).toHaveLength(0);
  });

  it('runs a custom TypeScript translator, and keeps the payload of a run whose translator fails', async () => {
    const ok = await handleFunctionRequest('jamf', post(sourceFixture('custom/jamf-alert.json')), h.intakeDeps);
    expect(ok.status).toBe(202);
    const refused = await handleFunctionRequest('jamf', post('{"input":{}}'), h.intakeDeps);
    expect(refused).toMatchObject({ status: 400, body: { field: 'input.match.uuid' } });
    await h.work('jamf');
    expect(h.thehive.alerts).toEqual([expect.objectContaining({ type: 'jamf-protect', title: 'Gatekeeper bypass', severity: 3 })]);

    const posted = { id: 42, note: 'no host' };
    const run = await handleFunctionRequest('buggy', post(JSON.stringify(posted)), h.intakeDeps);
    expect(run.status).toBe(202);
    expect(await h.work('buggy')).toEqual([{ kind: 'parked', reason: 'translation error' }]);
    const current = await status('buggy');
    expect(current.lastError).toMatchObject({ runId: run.body.runId, kind: 'translation', message: expect.stringContaining('the custom translator failed') });
    const kept = (await handleFunctionRequest('buggy', get({ run: run.body.runId as string }), h.intakeDeps)).body as any;
    expect(kept).toMatchObject({ status: 'failed', error: { kind: 'translation' }, payload: posted });
    await h.queue.purge(h.queues.buggy.dlqUrl);
  });

  it('checks credentials, refuses disabled functions and unknown names', async () => {
    expect(await handleFunctionRequest('nope', post('{}'), h.intakeDeps)).toMatchObject({ status: 404, body: { field: 'name' } });
    const wrong = await handleFunctionRequest('elastic', post('{}', { token: 'nope' }), h.intakeDeps);
    expect(wrong).toMatchObject({ status: 401, headers: { 'www-authenticate': expect.stringContaining('Bearer') } });
    expect(await handleFunctionRequest('elastic', post('{}', { token: null }), h.intakeDeps)).toMatchObject({ status: 401, body: { field: 'headers.authorization' } });
    expect(await handleFunctionRequest('quiet', post('{}'), h.intakeDeps)).toMatchObject({ status: 403, body: { field: 'mode' } });
    // Splunk cannot send headers: the token may come in the query string
    const viaQuery = await handleFunctionRequest('splunk', post('{"sid":"x","result":{}}', { token: null, query: { token: TOKEN, dryRun: 'true' } }), h.intakeDeps);
    expect(viaQuery.status).toBe(200);
    expect(await handleFunctionRequest('elastic', { ...post('{}'), method: 'PUT' }, h.intakeDeps)).toMatchObject({ status: 405 });
    expect(await handleFunctionRequest('elastic', post('x'.repeat(1024 * 1024 + 1)), h.intakeDeps)).toMatchObject({ status: 413 });
  });

  it('keeps a large payload across several items and lets runs expire', async () => {
    const many = { context: { rule: { name: 'Bulk' }, alerts: Array.from({ length: 1200 }, (_, i) => ({ _id: `bulk-${i}`, message: 'é'.repeat(300) })) } };
    const body = JSON.stringify(many);
    expect(Buffer.byteLength(body)).toBeGreaterThan(600_000);
    const answer = await handleFunctionRequest('elastic', post(body, { query: {} }), h.intakeDeps);
    expect(answer.status).toBe(202);
    const run = (await handleFunctionRequest('elastic', get({ run: answer.body.runId as string }), h.intakeDeps)).body as any;
    expect(run.payload).toEqual(many);
    await h.queue.purge(h.queues.elastic.queueUrl);

    // wazuh keeps runs 1 day: after that they are gone from the status, and the sweep removes them
    const basic = `Basic ${Buffer.from(`wazuh:${TOKEN}`).toString('base64')}`;
    const wazuhRuns = async () => ((await handleFunctionRequest('wazuh', { ...get(), headers: { authorization: basic } }, h.intakeDeps)).body as any).recentRuns;
    expect((await wazuhRuns()).length).toBeGreaterThan(0);
    h.clock.advance(2 * 86_400_000);
    expect(await wazuhRuns()).toEqual([]);
    expect(await h.store.sweepExpired()).toBeGreaterThan(0);
    h.clock.advance(-2 * 86_400_000);
    expect(await wazuhRuns()).toEqual([]);
  });
});
