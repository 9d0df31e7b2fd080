/**
 * The relay under test, in its own process (so the load generator and the sink in the bench
 * process do not share its event loop, and its RSS is its own): `startLocalRelay` with one
 * webhook notifier pointing at the bench's loopback sink. Driven over IPC:
 *   → parent: { type: 'ready', webhookUrl, headers } | { type: 'stats', rss, cpuMs, logLines, calls } | { type: 'error', message }
 *   ← parent: { type: 'stats' } | { type: 'stop' }
 * Exits when told to stop or when the parent goes away.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { startLocalRelay, type LocalRelay } from '../local/relay.js';
import { parseConfig } from '../shared/config/load.js';

const sinkUrl = process.env.BENCH_SINK_URL;
const send = (message: object) => process.send?.(message);
let logLines = 0;
const warnings: string[] = [];
let relay: LocalRelay | undefined;

/**
 * Outgoing HTTP requests of the relay, by AWS API operation (X-Amz-Target of the SDK's JSON
 * protocols: `DynamoDB_20120810.PutItem`, `AmazonSQS.ReceiveMessage`, …) or `webhook`: how many
 * API round trips an event costs.
 */
const calls: Record<string, number> = {};
subscribe('http.client.request.start', (message) => {
  const request = (message as { request: ClientRequest }).request;
  const target = request.getHeader('x-amz-target');
  const key = typeof target === 'string' ? target.replace(/^DynamoDB_\d+\./, 'DynamoDB.').replace(/^AmazonSQS\./, 'SQS.') : sinkUrl && request.host === '127.0.0.1' ? 'webhook' : 'other';
  calls[key] = (calls[key] ?? 0) + 1;
});

async function main() {
  if (!sinkUrl || !process.send) throw new Error('relay-process: run by bench/e2e.ts (BENCH_SINK_URL and an IPC channel)');
  const config = parseConfig(
    {
      thehive: { url: 'http://127.0.0.1:9000' },
      ingest: { auth: { type: 'bearer', token: { secret: 'BENCH_INGEST_TOKEN' } } },
      notifiers: [
        {
          name: 'bench-sink',
          type: 'webhook',
          triggers: ['CaseCreated', 'AlertCreated'],
          url: `${sinkUrl}/hook`,
          signingSecret: { secret: 'BENCH_SIGNING_SECRET' },
        },
      ],
    },
    'bench relay config',
  );
  relay = await startLocalRelay({
    config,
    port: 0,
    host: '127.0.0.1',
    env: { BENCH_INGEST_TOKEN: 'bench-ingest-token-0123456789', BENCH_SIGNING_SECRET: 'whsec_YmVuY2gtc2lnbmluZy1rZXk=' },
    devCredentials: false,
    // like the event source mapping: long polls; stop() aborts them
    pollWaitSeconds: 20,
    visibilitySeconds: 30,
    logLevel: 'warn',
    write: (line) => {
      logLines++;
      if (warnings.length < 5) warnings.push(line.slice(0, 300));
    },
    consoleSink: () => undefined,
  });
  send({ type: 'ready', webhookUrl: relay.webhookUrl, headers: relay.credentials.headers, missingSecrets: relay.missingSecrets });
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(code || 1), 10_000);
  timer.unref();
  await relay?.stop().catch(() => undefined);
  process.exit(code);
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stats') {
    const cpu = process.cpuUsage();
    send({ type: 'stats', rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000, logLines, warnings, calls: { ...calls } });
  } else if (message?.type === 'stop') {
    void stop(0);
  }
});
process.on('disconnect', () => void stop(0));

main().catch((error: Error) => {
  send({ type: 'error', message: error.stack ?? error.message });
  void stop(1);
});
