/**
 * Functions end to end over loopback: the local relay (same handlers as the Lambdas, fauxqs,
 * dynalite, pollers) in front of a fake TheHive API and a fake Sekoia API.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/load.js';
import { startLocalRelay, type LocalRelay } from '../../local/relay.js';
import { waitFor } from '../fakes/sink.js';
import { startFakeSekoia, type FakeSekoia } from '../fakes/sekoia.js';
import { startFakeTheHive, type FakeTheHive } from '../fakes/thehive.js';

const TOKEN = 'e2e-function-token';
const fixture = (path: string) => readFileSync(new URL(`../fixtures/sources/${path}`, import.meta.url), 'utf8');

let relay: LocalRelay;
let thehive: FakeTheHive;
let sekoia: FakeSekoia;

beforeAll(async () => {
  thehive = await startFakeTheHive({ organisations: ['soc'] });
  sekoia = await startFakeSekoia();
  sekoia.addAlert(JSON.parse(fixture('sekoia/alert-api-answer.json')));
  const bearer = { type: 'bearer', token: { secret: 'FN_TOKEN' } };
  const config = parseConfig({
    thehive: { url: thehive.baseUrl, apiKey: { secret: 'THEHIVE_API_KEY' }, organisation: 'soc' },
    ingest: { auth: { type: 'none' } },
    functions: [
      { name: 'elastic', type: 'elastic', auth: bearer, alert: { type: 'EDR', source: 'Elastic', tags: ['elastic'] } },
      { name: 'sekoia', type: 'sekoia', auth: { type: 'header', name: 'x-relay-token', token: { secret: 'FN_TOKEN' } }, sekoia: { url: sekoia.baseUrl, apiKey: { secret: 'SEKOIA_API_KEY' } } },
      { name: 'splunk', type: 'splunk', auth: bearer, maxReceiveCount: 2 },
      { name: 'wazuh', type: 'wazuh', auth: bearer },
      { name: 'jamf', type: 'custom', module: './custom/jamf-protect.ts', auth: bearer },
    ],
  });
  relay = await startLocalRelay({
    config,
    // custom modules are resolved next to the config file
    configPath: fileURLToPath(new URL('../fixtures/sources/hive-relay.yaml', import.meta.url)),
    port: 0,
    env: { FN_TOKEN: TOKEN, THEHIVE_API_KEY: thehive.apiKey, SEKOIA_API_KEY: sekoia.apiKey },
    pollWaitSeconds: 1,
    visibilitySeconds: 1,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await relay?.stop();
  await thehive?.stop();
  await sekoia?.stop();
});

async function call(method: string, path: string, body?: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const response = await fetch(`${relay.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as any };
}

const status = async (name: string, headers?: Record<string, string>) => (await call('GET', `/functions/${name}`, undefined, headers)).body;

async function runOf(name: string, runId: string, headers?: Record<string, string>) {
  return (await call('GET', `/functions/${name}?run=${runId}`, undefined, headers)).body;
}

async function settled(name: string, runId: string, headers?: Record<string, string>) {
  let run: any;
  await waitFor(async () => {
    run = await runOf(name, runId, headers);
    return ['succeeded', 'duplicate', 'ignored', 'failed'].includes(run.status);
  }, 20_000, () => `run ${runId} is still ${run?.status}`);
  return run;
}

describe('functions over the local relay', () => {
  it('turns a posted Elastic alert into exactly one TheHive alert, even when posted twice or redelivered', async () => {
    const body = fixture('elastic/context-alerts-flat.json');
    const first = await call('POST', '/functions/elastic', body);
    expect(first).toMatchObject({ status: 202, body: { runId: expect.any(String) } });
    const again = await call('POST', '/functions/elastic', body);
    expect(again).toMatchObject({ status: 202, body: { runId: first.body.runId, duplicate: true } });
    expect(await settled('elastic', first.body.runId)).toMatchObject({ status: 'succeeded', alerts: [{ outcome: 'created' }] });
    expect(thehive.alerts).toHaveLength(1);
    expect(thehive.alerts[0]).toMatchObject({ type: 'EDR', source: 'Elastic', title: 'Tor Activity to the Internet', severity: 2 });
    expect(thehive.requestsTo('POST', '/api/v1/alert')[0].headers['x-organisation']).toBe('soc');

    // the same message delivered once more (as after a lost delete)
    const queueUrl = relay.queues['function:elastic'].queueUrl;
    await relay.queue.sendBatch(queueUrl, [{ id: 'again', body: JSON.stringify({ v: 1, function: 'elastic', runId: first.body.runId }) }]);
    // the same Elastic alert in another body: a new run, which TheHive's sourceRef uniqueness stops
    const reshaped = JSON.stringify(JSON.parse(body).context.alerts);
    const other = await call('POST', '/functions/elastic', reshaped);
    expect(await settled('elastic', other.body.runId)).toMatchObject({ status: 'duplicate', alerts: [{ outcome: 'already-exists', id: thehive.alerts[0]._id }] });
    await waitFor(async () => (await relay.queue.approximateCount(queueUrl)) === 0, 10_000);
    expect(thehive.alerts).toHaveLength(1);
    expect(thehive.requestsTo('POST', '/api/v1/alert')).toHaveLength(2);

    const current = await status('elastic');
    expect(current).toMatchObject({ mode: 'enabled', counters: { received: 2, duplicatePosts: 1, succeeded: 1, duplicates: 1, alertsCreated: 1 } });
    expect(current.lastSuccess).toMatchObject({ runId: other.body.runId, message: expect.stringContaining('already exists') });
  });

  it('dry-runs: the summary and the planned TheHive requests, nothing created', async () => {
    const before = thehive.requests.length;
    const answer = await call('POST', '/functions/wazuh?dryRun=true', fixture('wazuh/sshd-bruteforce.json'));
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toContain('create alert "sshd: brute force trying to get access to the system. Authentication failed."');
    expect(answer.body.requests).toEqual([
      {
        method: 'POST',
        path: '/api/v1/alert',
        url: `${thehive.baseUrl}/api/v1/alert`,
        body: expect.objectContaining({ type: 'wazuh', source: 'Wazuh', sourceRef: 'wazuh-manager-01:1704103200.1234567', severity: 2 }),
      },
    ]);
    expect(thehive.requests.length).toBe(before);
    expect((await status('wazuh')).recentRuns).toEqual([]);
  });

  it('answers a body that is not the source format with 400 and the field, and shows it as last error', async () => {
    const answer = await call('POST', '/functions/splunk', JSON.stringify({ result: { host: 'a' } }));
    expect(answer).toMatchObject({ status: 400, body: { field: 'sid', runId: expect.any(String) } });
    expect((await status('splunk')).lastError).toMatchObject({ runId: answer.body.runId, kind: 'validation', message: expect.stringContaining('sid') });
    expect(await call('POST', '/functions/splunk', '{}', { authorization: 'Bearer wrong' })).toMatchObject({ status: 401 });
  });

  it('enriches a Sekoia notification through the Sekoia alert API', async () => {
    const headers = { 'x-relay-token': TOKEN };
    const answer = await call('POST', '/functions/sekoia', fixture('sekoia/notification-alert-created.json'), headers);
    expect(answer.status).toBe(202);
    await waitFor(() => thehive.alerts.some((a) => a.source === 'Sekoia.io'), 20_000, () => 'no Sekoia alert in TheHive');
    expect(thehive.alerts.find((a) => a.source === 'Sekoia.io')).toMatchObject({ sourceRef: 'af0a370f-2e44-433c-99b2-2d0e4b348d0c', severity: 4, title: 'RAT traffic from 10.227.10.91' });
    expect(sekoia.requests[0].headers.authorization).toBe(`Bearer ${sekoia.apiKey}`);
    expect(await settled('sekoia', answer.body.runId, headers)).toMatchObject({ status: 'succeeded' });
    expect((await status('sekoia', headers)).lastSuccess).toMatchObject({ runId: answer.body.runId });
  });

  it('retries while TheHive answers 5xx, then parks the run in the DLQ with the reason', async () => {
    thehive.answerNext({ status: 503, body: 'maintenance' }, { status: 500, body: { type: 'InternalError', message: 'database unavailable' } });
    const answer = await call('POST', '/functions/splunk', fixture('splunk/webhook.json'));
    expect(answer.status).toBe(202);
    const dlqUrl = relay.queues['function:splunk'].dlqUrl;
    await waitFor(async () => (await relay.queue.approximateCount(dlqUrl)) === 1, 20_000, () => 'nothing in the splunk DLQ');
    const [dead] = await relay.queue.receive(dlqUrl, { max: 1 });
    expect(JSON.parse(dead.body)).toMatchObject({
      message: { function: 'splunk', runId: answer.body.runId },
      failure: { reason: 'gave up after 2 attempts', status: 500, attempts: 2, permanent: false },
    });
    const current = await status('splunk');
    expect(current.counters).toMatchObject({ retries: 1, failed: 1 });
    expect(current.lastError).toMatchObject({ runId: answer.body.runId, kind: 'transient', message: expect.stringContaining('database unavailable') });
    expect(thehive.alerts.filter((a) => a.type === 'splunk')).toHaveLength(0);
  });

  it('records TheHive refusing the API key (401) as a configuration error in the status', async () => {
    thehive.answerNext({ status: 401, body: { type: 'AuthenticationError', message: 'Authentication failure' } });
    const answer = await call('POST', '/functions/wazuh', fixture('wazuh/syscheck-modified.json'));
    expect(await settled('wazuh', answer.body.runId)).toMatchObject({ status: 'failed', error: { kind: 'configuration', status: 401 } });
    const current = await status('wazuh');
    expect(current.lastError).toMatchObject({ runId: answer.body.runId, kind: 'configuration', message: expect.stringContaining('configuration error') });
    expect(JSON.stringify(current)).not.toContain(thehive.apiKey);
  });

  it('runs a custom TypeScript translator loaded next to the config file', async () => {
    const answer = await call('POST', '/functions/jamf', fixture('custom/jamf-alert.json'));
    expect(answer.status).toBe(202);
    expect(await settled('jamf', answer.body.runId)).toMatchObject({ status: 'succeeded' });
    expect(thehive.alerts.find((a) => a.type === 'jamf-protect')).toMatchObject({ title: 'Gatekeeper bypass', sourceRef: '6b0d4c2e-8f3a-4b1c-9d2e-7f6a5b4c3d2e' });
  });
});
