/** `npm start` as a newcomer meets it: the example config, the printed token and curl line, a bad config. */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../shared/config/load.js';
import { startLocalRelay, type LocalRelay } from '../../local/relay.js';
import { banner, curlLine, EXAMPLE_CONFIG, SAMPLE_EVENT } from '../../local/main.js';
import { waitFor } from '../fakes/sink.js';

describe('the example config', () => {
  let relay: LocalRelay;
  const printed: string[] = [];
  beforeAll(async () => {
    relay = await startLocalRelay({
      config: loadConfigFile(EXAMPLE_CONFIG),
      port: 0,
      env: {},
      cwd: mkdtempSync(join(tmpdir(), 'hive-relay-cwd-')),
      pollWaitSeconds: 1,
      logLevel: 'silent',
      consoleSink: (line) => printed.push(line),
    });
  });
  afterAll(async () => relay.stop());

  it('makes up an ingest token when INGEST_TOKEN is unset, and prints it with a working curl line', async () => {
    expect(relay.credentials.generated).toBe(true);
    const token = relay.credentials.headers.authorization;
    expect(token).toMatch(/^Bearer dev-[A-Za-z0-9_-]{20,}$/);
    const text = banner(relay, 'example');
    expect(text).toContain(relay.webhookUrl);
    expect(text).toContain(curlLine(relay));
    expect(curlLine(relay)).toContain(token);
    expect(text).not.toContain('other machines');
  });

  it('says so when it listens beyond this machine, with the URL a container uses', () => {
    const text = banner(relay, 'example', '0.0.0.0');
    expect(text).toContain('Listening on 0.0.0.0: other machines and containers can reach the relay');
    expect(text).toContain(`http://host.docker.internal:${relay.port}/webhooks/thehive`);
  });

  it('prints a posted sample event on the console', async () => {
    const response = await fetch(relay.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...relay.credentials.headers },
      body: JSON.stringify(SAMPLE_EVENT),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: true, routed: ['console'] });
    await waitFor(() => printed.length > 0);
    expect(printed[0]).toBe('[hive-relay] console: Case create AV-sample-1 #1 "Hello from curl" (MEDIUM)');
  });
});

describe('the printed curl line with a configured token', () => {
  const token = 'configured-ingest-token-0123456789';
  let relay: LocalRelay;
  beforeAll(async () => {
    relay = await startLocalRelay({
      config: loadConfigFile(EXAMPLE_CONFIG),
      port: 0,
      env: { INGEST_TOKEN: token },
      cwd: mkdtempSync(join(tmpdir(), 'hive-relay-cwd-')),
      pollWaitSeconds: 1,
      logLevel: 'silent',
      consoleSink: () => undefined,
    });
  });
  afterAll(async () => relay.stop());

  it('names the shell variable instead of the token, and works as printed in a shell that has it', async () => {
    const line = curlLine(relay, { INGEST_TOKEN: token });
    expect(line).not.toContain(token);
    expect(line).toContain('"authorization: Bearer $INGEST_TOKEN"');
    // not spawnSync: the relay answers from this process's event loop
    const { stdout } = await promisify(execFile)('sh', ['-c', line], { encoding: 'utf8', env: { PATH: process.env.PATH, INGEST_TOKEN: token }, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ accepted: true, routed: ['console'] });
  });

  it('shows a placeholder when the token came from the secrets file', () => {
    expect(curlLine(relay, {})).toContain("'authorization: Bearer <INGEST_TOKEN>'");
  });
});

describe('npm start with an invalid config', () => {
  it('stops with the path of each error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hive-relay-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'ingest: { auth: { type: bearer } }\nnotifiers:\n  - { name: x, type: webhook, triggers: [CaseCreated], url: not-a-url }\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'local/main.ts', '--config', file], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ingest.auth.token');
    expect(run.stderr).toContain('notifiers[0].url');
    expect(run.stdout).not.toContain('Webhook URL');
  });
});

describe('npm start --host', () => {
  it('refuses an address that is not an IP, with the option named', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'local/main.ts', '--host', 'not an address'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--host/HOST: expected an IP address');
  });

  it('listens on every interface with --host 0.0.0.0, and prints a URL that works from this machine', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', '--host', '0.0.0.0', '--port', '0'], {
      // the example config; nothing of the caller's relay settings
      env: Object.fromEntries(Object.entries({ ...process.env, LOG_LEVEL: 'warn' }).filter(([name]) => !['HIVE_RELAY_CONFIG', 'PORT', 'HOST'].includes(name))),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      await waitFor(() => out.includes('Press Ctrl-C'), 60_000);
      expect(out).toContain('Listening on 0.0.0.0');
      const url = /Health:\s+(\S+)/.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);
      const response = await fetch(url!);
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 90_000);
});
