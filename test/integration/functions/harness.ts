/** A functions setup on loopback: dynalite + fauxqs (local/emulators), fake TheHive and Sekoia, real adapters. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoStateStore } from '../../../shared/adapters/dynamodb.js';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { LocalSecretResolver } from '../../../shared/adapters/secrets-local.js';
import { SqsQueueClient } from '../../../shared/adapters/sqs.js';
import { ensureQueuePair, type QueuePair } from '../../../shared/adapters/sqs-queues.js';
import { parseConfig } from '../../../shared/config/load.js';
import type { FunctionHttpRequest, IntakeDeps } from '../../../shared/functions/deps.js';
import { processFunctionRecord, type WorkerDeps } from '../../../shared/functions/worker.js';
import { startEmulators, type Emulators } from '../../../local/emulators.js';
import { startFakeSekoia, type FakeSekoia } from '../../fakes/sekoia.js';
import { startFakeTheHive, type FakeTheHive } from '../../fakes/thehive.js';

export const TOKEN = 'fn-token-123';

export const sourceFixture = (path: string): string =>
  readFileSync(new URL(`../../fixtures/sources/${path}`, import.meta.url), 'utf8');

export interface Harness {
  emulators: Emulators;
  thehive: FakeTheHive;
  sekoia: FakeSekoia;
  clock: { now(): number; advance(ms: number): void };
  store: DynamoStateStore;
  queue: SqsQueueClient;
  queues: Record<string, QueuePair>;
  intakeDeps: IntakeDeps;
  workerDeps(name: string): WorkerDeps;
  /** Receive every message on a function's queue and run the worker on each (a retry is made visible again at once). */
  work(name: string): Promise<Awaited<ReturnType<typeof processFunctionRecord>>[]>;
  stop(): Promise<void>;
}

export function post(body: string, options: { token?: string | null; query?: Record<string, string>; headers?: Record<string, string> } = {}): FunctionHttpRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
  return { method: 'POST', headers, query: options.query ?? {}, body };
}

export function get(query: Record<string, string> = {}, token = TOKEN): FunctionHttpRequest {
  return { method: 'GET', headers: { authorization: `Bearer ${token}` }, query, body: '' };
}

export async function startHarness(functions: Array<Record<string, unknown>>, options: { customDir?: string; thehiveVersion?: 4 | 5 } = {}): Promise<Harness> {
  const emulators = await startEmulators({ tableName: 'relay-state' });
  const thehive = await startFakeTheHive({ version: options.thehiveVersion });
  const sekoia = await startFakeSekoia();
  let now = Date.UTC(2026, 10, 26, 9, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const config = parseConfig({
    thehive: { url: thehive.baseUrl, apiKey: { secret: 'THEHIVE_API_KEY' }, organisation: 'soc', version: options.thehiveVersion ?? 5 },
    ingest: { auth: { type: 'none' } },
    functions: functions.map((fn) => ({ auth: { type: 'bearer', token: { secret: 'FN_TOKEN' } }, ...fn })),
  });
  const secrets = new LocalSecretResolver({
    env: {},
    cwd: '/nonexistent',
    values: { THEHIVE_API_KEY: thehive.apiKey, FN_TOKEN: TOKEN, SEKOIA_API_KEY: sekoia.apiKey, THEHIVE_WRONG: 'wrong' },
  });
  const store = new DynamoStateStore(emulators.dynamo, 'relay-state', clock);
  const queue = new SqsQueueClient(emulators.sqs);
  const queues: Record<string, QueuePair> = {};
  for (const fn of config.functions) {
    queues[fn.name] = await ensureQueuePair(emulators.sqs, `fn-${fn.name}-${randomUUID().slice(0, 8)}`, { maxReceiveCount: fn.maxReceiveCount + 1, visibilitySeconds: 30 });
  }
  const http = new NodeHttpClient({ allowHosts: [], allowLoopback: true });
  const { localCustomTranslatorLoader } = await import('../../../shared/functions/custom-local.js');
  const base = {
    functions: config.functions,
    thehive: config.thehive,
    store,
    clock,
    secrets,
    http,
    loadCustom: options.customDir ? localCustomTranslatorLoader(options.customDir) : undefined,
  };
  let ids = 0;
  const intakeDeps: IntakeDeps = { ...base, queue, queueUrl: (name) => queues[name]?.queueUrl, newId: () => `id${(ids += 1)}` };
  const workerDeps = (name: string): WorkerDeps => ({ ...base, queue, dlqUrl: queues[name].dlqUrl });
  return {
    emulators,
    thehive,
    sekoia,
    clock,
    store,
    queue,
    queues,
    intakeDeps,
    workerDeps,
    async work(name) {
      const results = [];
      for (;;) {
        const messages = await queue.receive(queues[name].queueUrl, { max: 10, waitSeconds: 0 });
        if (!messages.length) return results;
        for (const message of messages) {
          const result = await processFunctionRecord({ body: message.body, receiveCount: message.receiveCount }, workerDeps(name));
          results.push(result);
          if (result.kind === 'retry') await queue.changeVisibility(queues[name].queueUrl, message.receiptHandle, 0);
          else await queue.delete(queues[name].queueUrl, message.receiptHandle);
        }
      }
    },
    async stop() {
      await Promise.all([thehive.stop(), sekoia.stop(), emulators.stop()]);
    },
  };
}
