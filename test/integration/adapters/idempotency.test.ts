/**
 * PowertoolsOnceStore over dynalite when the write that marks a record completed fails after
 * the request went through: the delivery counts as done, and a redelivery never posts again.
 */
import { tmpdir } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../shared/adapters/dynamodb.js';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { PowertoolsOnceStore } from '../../../shared/adapters/idempotency.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import { LocalSecretResolver } from '../../../shared/adapters/secrets-local.js';
import { ensureQueuePair } from '../../../shared/adapters/sqs-queues.js';
import { parseConfig } from '../../../shared/config/load.js';
import { deliver } from '../../../shared/delivery/deliver.js';
import type { DeliveredRecord } from '../../../shared/delivery/once.js';
import { startSink, type Sink } from '../../fakes/sink.js';
import { caseLife } from '../../unit/notifiers/fixtures.js';
import { useEmulators } from '../emulators.js';

const emulators = useEmulators({ tableName: 'state' });
let sink: Sink;
let client: DynamoDBClient;
/** how many of the next UpdateItem calls (Powertools' completing write) fail */
let failUpdates = 0;

beforeAll(async () => {
  sink = await startSink();
  client = createDynamoClient({ endpoint: emulators.dynamoEndpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateItemCommand' && failUpdates > 0) {
        failUpdates--;
        throw Object.assign(new Error('ThrottlingException: rate exceeded'), { name: 'ThrottlingException' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'failCompletingWrites' },
  );
});
afterAll(async () => {
  client.destroy();
  await sink.stop();
});

const delivered: DeliveredRecord = { response: { status: 200, headers: {}, body: 'ok' } };
let n = 0;
const freshKey = () => ({ notifier: 'hook', eventKey: `evt-${++n}-${Math.random()}`, request: 'post' });

function recordingWarn() {
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  return { warnings, log: { warn: (message: string, attributes?: Record<string, unknown>) => void warnings.push([message, attributes]) } };
}

describe('PowertoolsOnceStore when the completing write fails', () => {
  it('returns the done request, and completes the record on a retry so a redelivery replays it', async () => {
    const { log, warnings } = recordingWarn();
    const once = new PowertoolsOnceStore({ client, tableName: 'state', log });
    const key = freshKey();
    let calls = 0;
    const work = async () => {
      calls++;
      return delivered;
    };
    failUpdates = 1;
    expect(await once.once(key, work)).toEqual({ record: delivered, replayed: false });
    expect(await once.once(key, work)).toEqual({ record: delivered, replayed: true });
    expect(calls).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('still returns the done request when every completing write fails, with a warning naming it', async () => {
    const { log, warnings } = recordingWarn();
    const once = new PowertoolsOnceStore({ client, tableName: 'state', log });
    const key = freshKey();
    let calls = 0;
    failUpdates = 100;
    try {
      expect(await once.once(key, async () => (calls++, delivered))).toEqual({ record: delivered, replayed: false });
    } finally {
      failUpdates = 0;
    }
    expect(calls).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0][1]).toMatchObject({ notifier: 'hook', request: 'post', error: expect.stringMatching(/rate exceeded/) });
  });

  it('still lets a failed request fail, and run again next time', async () => {
    const once = new PowertoolsOnceStore({ client, tableName: 'state' });
    const key = freshKey();
    await expect(once.once(key, async () => Promise.reject(new Error('target down')))).rejects.toThrow('target down');
    expect(await once.once(key, async () => delivered)).toEqual({ record: delivered, replayed: false });
  });
});

describe('delivery when the completing write fails', () => {
  it('posts once, even when the redelivery comes after the in-progress mark expired', async () => {
    sink.reset();
    sink.respondWith(() => ({ status: 200, body: 'ok' }));
    const pair = await ensureQueuePair(emulators.sqs, 'complete-fails', { maxReceiveCount: 6, visibilitySeconds: 30 });
    const once = new PowertoolsOnceStore({ client, tableName: 'state', log: { warn() {} } });
    // a Lambda invocation with 1 s left: its in-progress mark expires with it
    const deadline = Date.now() + 1000;
    once.registerContext({ getRemainingTimeInMillis: () => Math.max(1, deadline - Date.now()) });
    const deps = {
      config: parseConfig({ ingest: { auth: { type: 'none' } }, notifiers: [{ name: 'hook', type: 'mattermost', triggers: ['AnyEvent'], url: { secret: 'HOOK' } }] }, 'test'),
      queue: emulators.queue,
      ...pair,
      state: emulators.state,
      secrets: new LocalSecretResolver({ env: { HOOK: sink.url('/hooks/abc') }, cwd: tmpdir() }),
      once,
      http: new NodeHttpClient({ allowHosts: [], allowLoopback: true }),
      consoleSink: () => undefined,
      clock: { now: () => Date.now() },
      metrics: new InMemoryMetrics(),
      log: { debug() {}, info() {}, warn() {}, error() {} },
    };
    const body = JSON.stringify({ v: 1, notifier: 'hook', eventKey: `evt-${Math.random()}`, event: caseLife.created(), acceptedAt: Date.now() });
    failUpdates = 1;
    expect(await deliver({ messageId: 'm', body, receiveCount: 1 }, deps)).toMatchObject({ kind: 'delivered', replayed: 0 });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()) + 200));
    once.registerContext({ getRemainingTimeInMillis: () => 30_000 });
    // an SQS duplicate of the same message (at-least-once delivery)
    expect(await deliver({ messageId: 'm', body, receiveCount: 2 }, deps)).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(sink.requests).toHaveLength(1);
  });
});
