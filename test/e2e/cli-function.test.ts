/**
 * `hive-relay function test|status` with a local relay serving functions in front of a fake
 * TheHive API: the dry run translates here and touches nothing; a real test posts as the
 * source would and follows the run to its end; status shows counters, last success and error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import type { CliDeps } from '../../cli/deps.js';
import { loadConfigFile } from '../../shared/config/load.js';
import { startLocalRelay, type LocalRelay } from '../../local/relay.js';
import { waitFor } from '../fakes/sink.js';
import { startFakeTheHive, type FakeTheHive } from '../fakes/thehive.js';
import { captureIo } from '../unit/cli/capture.js';

const TOKEN = 'cli-function-token';
const payload = (path: string) => fileURLToPath(new URL(`../fixtures/sources/${path}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hive-relay-cli-function-'));
const configPath = join(dir, 'hive-relay.yaml');

let thehive: FakeTheHive;
let relay: LocalRelay;

beforeAll(async () => {
  thehive = await startFakeTheHive({ organisations: ['soc'] });
  writeFileSync(
    configPath,
    `thehive: { url: ${thehive.baseUrl}, apiKey: { secret: THEHIVE_API_KEY }, organisation: soc }
ingest: { auth: { type: none } }
functions:
  - { name: wazuh, type: wazuh, auth: { type: bearer, token: { secret: FN_TOKEN } } }
  - { name: splunk, type: splunk, maxReceiveCount: 1, auth: { type: header, name: x-relay-token, token: { secret: FN_TOKEN } } }
  - { name: wazuh-preview, type: wazuh, mode: dry-run, auth: { type: basic, username: wazuh, password: { secret: FN_TOKEN } } }
`,
  );
  relay = await startLocalRelay({
    config: loadConfigFile(configPath),
    configPath,
    port: 0,
    env: { FN_TOKEN: TOKEN, THEHIVE_API_KEY: thehive.apiKey },
    pollWaitSeconds: 1,
    visibilitySeconds: 1,
    ttlSweepMs: 3_600_000,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await relay?.stop();
  await thehive?.stop();
});

const withToken: CliDeps = { env: { FN_TOKEN: TOKEN }, pollIntervalMs: 100, pollTimeoutMs: 30_000 };

async function cli(args: string[], deps: CliDeps = withToken) {
  const io = captureIo();
  const code = await main([...args, '--config', configPath], io, deps);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('hive-relay function test --dry-run', () => {
  it('prints the summary and the exact TheHive requests, sending nothing', async () => {
    const answer = await cli(['function', 'test', 'wazuh', payload('wazuh/sshd-bruteforce.json'), '--dry-run'], { env: {} });
    expect(answer.code).toBe(0);
    expect(answer.out).toContain('Dry run of function "wazuh" (wazuh): 1 action, nothing sent to TheHive.');
    expect(answer.out).toContain('create alert "sshd: brute force trying to get access to the system. Authentication failed."');
    expect(answer.out).toContain('TheHive requests it would make:');
    expect(answer.out).toContain(`"url": "${thehive.baseUrl}/api/v1/alert"`);

    const json = await cli(['function', 'test', 'wazuh', payload('wazuh/sshd-bruteforce.json'), '--dry-run', '--json'], { env: {} });
    expect(JSON.parse(json.out).requests).toEqual([
      {
        method: 'POST',
        path: '/api/v1/alert',
        url: `${thehive.baseUrl}/api/v1/alert`,
        body: expect.objectContaining({ type: 'wazuh', source: 'Wazuh', sourceRef: 'wazuh-manager-01:1704103200.1234567', severity: 2 }),
      },
    ]);
    expect(thehive.requests).toHaveLength(0);
  });

  it('names the field of a payload that is not the source format, exit 1', async () => {
    const path = join(dir, 'not-splunk.json');
    writeFileSync(path, JSON.stringify({ result: { host: 'a' } }));
    const answer = await cli(['function', 'test', 'splunk', path, '--dry-run'], { env: {} });
    expect(answer.code).toBe(1);
    expect(answer.err).toMatch(/^dry run failed: HTTP 400: .*\(field sid\)$/);
    expect(thehive.requests).toHaveLength(0);
  });

  it('names the known functions when asked for an unknown one', async () => {
    const answer = await cli(['function', 'test', 'elastic', payload('wazuh/sshd-bruteforce.json'), '--dry-run']);
    expect(answer.code).toBe(1);
    expect(answer.err).toBe(`no function named "elastic" in ${configPath}; known functions: wazuh, splunk, wazuh-preview`);
  });
});

describe('hive-relay function test and status against the local relay', () => {
  it('posts the payload with the function’s credentials and follows the run until TheHive has the alert', async () => {
    const answer = await cli(['function', 'test', 'wazuh', payload('wazuh/sshd-bruteforce.json'), '--local', relay.url]);
    expect(answer.err).toBe('');
    expect(answer.code).toBe(0);
    const runId = /^run (\S+) accepted by the local relay at /.exec(answer.out)?.[1];
    expect(runId).toBeDefined();
    expect(thehive.alerts).toHaveLength(1);
    expect(answer.out).toContain(`run ${runId}: succeeded after 1 attempt`);
    expect(answer.out).toContain(`alert wazuh-manager-01:1704103200.1234567 "sshd: brute force trying to get access to the system. Authentication failed.": created (TheHive id ${thehive.alerts[0]._id})`);
  });

  it('reports a payload the relay refuses with the field, and status shows it as the last error', async () => {
    const path = join(dir, 'not-splunk.json');
    writeFileSync(path, JSON.stringify({ result: { host: 'a' } }));
    const refused = await cli(['function', 'test', 'splunk', path, '--local', relay.url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(new RegExp(`^the local relay at ${relay.url} refused the payload: HTTP 400: .*\\(field sid\\) \\(run \\S+\\)$`));

    const status = await cli(['function', 'status', 'splunk', '--local', relay.url]);
    expect(status.code).toBe(0);
    expect(status.out).toContain('mode:         enabled');
    expect(status.out).toContain('rejected 1');
    expect(status.out).toMatch(/last error: {3}\S+ run \S+ \[validation\]: .*sid/);
    expect(status.out).toContain('last success: none');
  });

  it('shows mode, counters, last success and recent runs', async () => {
    const status = await cli(['function', 'status', 'wazuh', '--local', relay.url]);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`function wazuh (wazuh) on the local relay at ${relay.url}`);
    expect(status.out).toContain('counters:     received 1, rejected 0');
    expect(status.out).toContain('succeeded 1');
    expect(status.out).toContain('alertsCreated 1');
    expect(status.out).toMatch(/recent runs:\nRUN ID\s+STATUS\s+RECEIVED\s+ATTEMPTS\s+ALERTS\s+ERROR \/ NOTE\n\S+\s+succeeded\s/);

    const json = JSON.parse((await cli(['function', 'status', 'wazuh', '--local', relay.url, '--json'])).out);
    expect(json).toMatchObject({ function: 'wazuh', mode: 'enabled', counters: { received: 1, succeeded: 1 }, lastError: null });
    expect(json.lastSuccess.runId).toBe(json.recentRuns[0].runId);
    expect(status.out).toContain(`last success: ${json.lastSuccess.at} run ${json.lastSuccess.runId}`);
  });

  it('reads the same status through a deployed stack’s ApiUrl', async () => {
    const asked: string[] = [];
    const answer = await cli(['function', 'status', 'wazuh', '--stack', 'HiveRelay', '--json'], {
      ...withToken,
      stackOutputs: async (name) => {
        asked.push(name);
        return { ApiUrl: `${relay.url}/` };
      },
    });
    expect(answer.code).toBe(0);
    expect(asked).toEqual(['HiveRelay']);
    expect(JSON.parse(answer.out)).toMatchObject({ function: 'wazuh', counters: { succeeded: 1 } });
  });

  it('prints the relay’s dry run for a function in dry-run mode', async () => {
    const before = thehive.requests.length;
    const answer = await cli(['function', 'test', 'wazuh-preview', payload('wazuh/syscheck-modified.json'), '--local', relay.url]);
    expect(answer.code).toBe(0);
    expect(answer.out).toContain('Dry run of function "wazuh-preview" (wazuh)');
    expect(thehive.requests.length).toBe(before);
  });

  it('follows a run that fails to its DLQ, which dlq --function lists and redrives', async () => {
    thehive.answerNext({ status: 503, body: { type: 'ServiceUnavailable', message: 'maintenance' } });
    const failed = await cli(['function', 'test', 'splunk', payload('splunk/webhook.json'), '--local', relay.url]);
    expect(failed.code).toBe(1);
    const runId = /^run (\S+) accepted/.exec(failed.out)?.[1];
    expect(failed.out).toContain(`run ${runId}: failed after 1 attempt`);
    expect(failed.out).toMatch(/error \(\w+\): .*503/);

    const listed = await cli(['dlq', 'list', '--function', 'splunk', '--local', relay.url]);
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n')[1]).toContain(`run ${runId}`);

    const moved = await cli(['dlq', 'redrive', '--function', 'splunk', '--local', relay.url]);
    expect(moved.out).toBe('moved 1 dead letter of function splunk back to its queue for delivery');
    await waitFor(() => thehive.alerts.some((alert) => alert.source === 'Splunk'), 20_000, () => 'the redriven run made no alert');
    await waitFor(async () => JSON.parse((await cli(['function', 'status', 'splunk', '--local', relay.url, '--json'])).out).lastSuccess?.runId === runId, 10_000);
  });

  it('says which secret is missing when the function’s credentials are not set', async () => {
    const answer = await cli(['function', 'status', 'wazuh', '--local', relay.url], { env: {} });
    expect(answer.code).toBe(1);
    expect(answer.err).toContain('function wazuh: its credentials are needed to call the relay: secret FN_TOKEN not found');
    expect(answer.err).not.toContain(TOKEN);
  });
});
