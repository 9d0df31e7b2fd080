/**
 * `hive-relay dlq …` against a running local relay (fauxqs queues, real pollers): a failing
 * loopback sink fills the DLQ, the CLI lists and shows the dead letter with its reason, the
 * sink is fixed, `dlq redrive` delivers it exactly once, `dlq purge` empties the DLQ. The same
 * commands then run through the deployed-stack path (QueuesJson) pointed at the same queues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { parseConfig } from '../../shared/config/load.js';
import { createSqsClient } from '../../shared/adapters/sqs.js';
import type { DeliveryResult } from '../../shared/delivery/deliver.js';
import type { QueuesOutput } from '../../infra/outputs.js';
import { startLocalRelay, type LocalRelay } from '../../local/relay.js';
import { fixtureText, type FixtureVersion } from '../fixtures/thehive/index.js';
import { startSink, waitFor, type Sink } from '../fakes/sink.js';
import { captureIo } from '../unit/cli/capture.js';

const SECRET_PATH = 'hooks/soc-7c1f9e2ab4d3';
let failing = true;
let sink: Sink;
let relay: LocalRelay;
const results: DeliveryResult[] = [];

beforeAll(async () => {
  sink = await startSink(() => (failing ? { status: 503, body: 'target down for maintenance' } : { status: 200, body: 'ok' }));
  const config = parseConfig({
    ingest: { auth: { type: 'none' } },
    notifiers: [
      { name: 'soc-webhook', type: 'webhook', triggers: ['CaseCreated'], url: { secret: 'SOC_WEBHOOK_URL' }, maxReceiveCount: 2 },
      { name: 'console', type: 'console', triggers: ['AnyEvent'] },
    ],
  });
  relay = await startLocalRelay({
    config,
    port: 0,
    env: { SOC_WEBHOOK_URL: sink.url(`/${SECRET_PATH}`) },
    pollWaitSeconds: 1,
    visibilitySeconds: 1,
    ttlSweepMs: 3_600_000,
    logLevel: 'silent',
    consoleSink: () => undefined,
    onDelivery: (result) => void results.push(result),
  });
});

afterAll(async () => {
  await relay?.stop();
  await sink?.stop();
});

const cli = async (...args: string[]) => {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
};

const pair = () => relay.queues['notifier:soc-webhook'];
const deadCount = () => relay.queue.approximateCount(pair().dlqUrl);

async function post(version: FixtureVersion, name: string) {
  const response = await fetch(relay.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureText(version, name) });
  expect(response.status).toBe(202);
  expect(await response.json()).toMatchObject({ routed: expect.arrayContaining(['soc-webhook']) });
}

const delivered = () => results.filter((result) => result.kind === 'delivered' && result.notifier === 'soc-webhook').length;

describe('hive-relay dlq against the local relay', () => {
  let messageId = '';

  it('lists a dead letter with its reason, status, attempts and last attempt', async () => {
    await post('v5-audit', 'case-create');
    await waitFor(async () => (await deadCount()) === 1, 20_000, () => 'nothing reached the DLQ');
    expect(sink.requests).toHaveLength(2);

    const table = await cli('dlq', 'list', '--notifier', 'soc-webhook', '--local', relay.url);
    expect(table.code).toBe(0);
    const [header, row, ...more] = table.out.split('\n');
    expect(header).toMatch(/^MESSAGE ID\s+EVENT\s+REASON\s+STATUS\s+ATTEMPTS\s+LAST ATTEMPT$/);
    expect(more).toEqual([]);
    expect(row).toContain('Case create ~');
    expect(row).toContain('gave up after 2 attempts');
    expect(row).toMatch(/\s503\s+2\s+\d{4}-\d\d-\d\dT/);

    const json = await cli('dlq', 'list', '--notifier', 'soc-webhook', '--local', relay.url, '--json');
    const [summary] = JSON.parse(json.out);
    expect(summary).toMatchObject({ notifier: 'soc-webhook', status: 503, attempts: 2, permanent: false, reason: expect.stringContaining('503') });
    messageId = summary.messageId;
    expect(row.startsWith(messageId)).toBe(true);
    // listing leaves the letter where it was
    expect(await deadCount()).toBe(1);
  });

  it('shows the dead letter in full, without the secret target URL', async () => {
    const shown = await cli('dlq', 'show', '--notifier', 'soc-webhook', '--id', messageId, '--local', relay.url);
    expect(shown.code).toBe(0);
    const entry = JSON.parse(shown.out);
    expect(entry).toMatchObject({
      messageId,
      parkedBy: 'relay',
      letter: { message: { notifier: 'soc-webhook', event: { objectType: 'Case', action: 'create' } }, failure: { status: 503, error: expect.stringContaining('maintenance') } },
    });
    expect(shown.out).not.toContain(SECRET_PATH);

    const missing = await cli('dlq', 'show', '--notifier', 'soc-webhook', '--id', 'no-such-id', '--local', relay.url);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no dead letter with id no-such-id');
  });

  it('names the known notifiers when asked for an unknown one', async () => {
    const answer = await cli('dlq', 'list', '--notifier', 'soc-slack', '--local', relay.url);
    expect(answer.code).toBe(1);
    expect(answer.err).toBe(`no notifier named "soc-slack" in the local relay at ${relay.url}; known notifiers: console, soc-webhook`);
  });

  it('redrives the dead letter once the target is fixed: delivered exactly once', async () => {
    failing = false;
    expect(delivered()).toBe(0);
    const moved = await cli('dlq', 'redrive', '--notifier', 'soc-webhook', '--local', relay.url);
    expect(moved).toMatchObject({ code: 0, out: 'moved 1 dead letter of notifier soc-webhook back to its queue for delivery' });
    await waitFor(() => delivered() === 1, 20_000, () => 'the redriven letter was not delivered');
    await waitFor(async () => (await relay.queue.approximateCount(pair().queueUrl)) === 0, 10_000);
    expect(sink.requests).toHaveLength(3);
    expect(sink.requests[2].json).toMatchObject({ objectType: 'Case', action: 'create' });
    expect(await deadCount()).toBe(0);

    const again = await cli('dlq', 'redrive', '--notifier', 'soc-webhook', '--local', relay.url);
    expect(again.out).toBe('moved 0 dead letters of notifier soc-webhook back to its queue for delivery');
    expect(delivered()).toBe(1);
    expect(sink.requests).toHaveLength(3);
  });

  it('lists and purges the same DLQ through the deployed-stack path (QueuesJson)', async () => {
    failing = true;
    await post('v4', 'case-create');
    await waitFor(async () => (await deadCount()) === 1, 20_000, () => 'nothing reached the DLQ');

    const queues: QueuesOutput = {
      v: 1,
      notifiers: Object.fromEntries(
        relay.config.notifiers.map((n) => {
          const { queueUrl, dlqUrl } = relay.queues[`notifier:${n.name}`];
          return [n.name, { queueUrl, dlqUrl, queueArn: `arn:${n.name}`, dlqArn: `arn:${n.name}-dlq` }];
        }),
      ),
      functions: {},
    };
    const asked: string[] = [];
    const deps = {
      stackOutputs: async (name: string) => {
        asked.push(name);
        return { QueuesJson: JSON.stringify(queues) };
      },
      stackSqsClient: () => createSqsClient({ endpoint: relay.sqsEndpoint }),
    };
    const io = captureIo();
    expect(await main(['dlq', 'list', '--notifier', 'soc-webhook', '--stack', 'HiveRelay', '--json'], io, deps)).toBe(0);
    expect(asked).toEqual(['HiveRelay']);
    expect(JSON.parse(io.stdout())).toEqual([expect.objectContaining({ notifier: 'soc-webhook', status: 503, event: expect.stringMatching(/^Case create /) })]);

    const purge = captureIo();
    expect(await main(['dlq', 'purge', '--notifier', 'soc-webhook', '--stack', 'HiveRelay'], purge, deps)).toBe(0);
    expect(purge.stdout()).toBe('deleted 1 dead letter of notifier soc-webhook');
    await waitFor(async () => (await deadCount()) === 0, 5_000);

    const empty = await cli('dlq', 'list', '--notifier', 'soc-webhook', '--local', relay.url);
    expect(empty).toMatchObject({ code: 0, out: 'no dead letters for notifier soc-webhook' });
  });

  it('says clearly when no local relay answers', async () => {
    const answer = await cli('dlq', 'list', '--notifier', 'soc-webhook', '--local', 'http://127.0.0.1:9');
    expect(answer.code).toBe(1);
    expect(answer.err).toContain('no local relay answers at http://127.0.0.1:9');
  });
});
