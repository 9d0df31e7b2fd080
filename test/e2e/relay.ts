/** Starting the local relay for a test: ephemeral port, short poll/visibility times, quiet. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { parseConfig } from '../../shared/config/load.js';
import { startLocalRelay, type LocalRelay, type LocalRelayOptions } from '../../local/relay.js';
import type { DeliveryResult } from '../../shared/delivery/deliver.js';
import { fixtureText, type FixtureVersion } from '../fixtures/thehive/index.js';

export const TOKEN = 'test-ingest-token-0123456789';

export interface TestRelay extends LocalRelay {
  deliveries: { result: DeliveryResult; record: SQSRecord }[];
  printed: string[];
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }>;
  postFixture(version: FixtureVersion, name: string): Promise<{ status: number; json: any; body: string }>;
  /** messages still on a notifier's queue (visible, in flight or delayed) */
  pending(notifier: string): Promise<number>;
  dead(notifier: string): Promise<number>;
}

export async function startTestRelay(rawConfig: Record<string, unknown>, options: Partial<LocalRelayOptions> & { env?: Record<string, string> } = {}): Promise<TestRelay> {
  const config = parseConfig({ ingest: { auth: { type: 'bearer', token: { secret: 'INGEST_TOKEN' } } }, ...rawConfig }, 'test config');
  const { env, ...rest } = options;
  const deliveries: TestRelay['deliveries'] = [];
  const printed: string[] = [];
  const relay = await startLocalRelay({
    config,
    port: 0,
    env: { INGEST_TOKEN: TOKEN, ...(env ?? {}) },
    secretsFile: undefined,
    cwd: mkdtempSync(join(tmpdir(), 'hive-relay-e2e-')),
    devCredentials: false,
    pollWaitSeconds: 1,
    visibilitySeconds: 1,
    logLevel: 'silent',
    consoleSink: (line) => printed.push(line),
    onDelivery: (result, record) => deliveries.push({ result, record }),
    ...rest,
  });
  const post: TestRelay['post'] = async (body, headers = {}) => {
    const response = await fetch(relay.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  };
  return {
    ...relay,
    deliveries,
    printed,
    post,
    async postFixture(version, name) {
      const body = fixtureText(version, name);
      return { ...(await post(body)), body };
    },
    pending: (notifier) => relay.queue.approximateCount(relay.queues[`notifier:${notifier}`].queueUrl),
    dead: (notifier) => relay.queue.approximateCount(relay.queues[`notifier:${notifier}`].dlqUrl),
  };
}
