/**
 * The two Slack Lambda handlers as Lambda calls them (API Gateway v2 events, SQS events with
 * partial batch responses), over a loopback fake Slack Web API and fake TheHive.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackActHandler } from '../../../functions/slack-act/create.js';
import { createSlackInteractionsHandler } from '../../../functions/slack-interactions/create.js';
import { localLambdaContext } from '../../../local/lambda-context.js';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import { LocalSecretResolver } from '../../../shared/adapters/secrets-local.js';
import { parseConfig } from '../../../shared/config/load.js';
import type { RelayConfig } from '../../../shared/config/schema.js';
import { caseActions } from '../../../shared/slack/actions.js';
import { startFakeTheHive, type FakeTheHive } from '../../fakes/thehive.js';
import { startSlackWebApiFake, type SlackWebApiFake } from '../../fakes/slack-web-api.js';
import { blockActions, formBody, signedHeaders, SIGNING_SECRET, TEAM, USER } from '../../unit/slack/fixtures.js';
import { memoryQueue, memoryState, recordingLog } from '../../unit/slack/memory.js';

const BOT_TOKEN = 'xoxb-handler-test';
const QUEUE = 'http://127.0.0.1:9/queue/slack-actions';
const DLQ = 'http://127.0.0.1:9/queue/slack-actions-dlq';
const logger = new Logger({ serviceName: 'slack-test', logLevel: 'SILENT' });
const http = new NodeHttpClient({ allowHosts: [], allowLoopback: true });
const noSecretsFile = mkdtempSync(join(tmpdir(), 'hive-relay-slack-'));

let slack: SlackWebApiFake;
let thehive: FakeTheHive;
let config: RelayConfig;

beforeAll(async () => {
  slack = await startSlackWebApiFake({ token: BOT_TOKEN, channels: ['C0SOC'], users: [{ id: USER, name: 'analyst', email: 'a@example.org' }] });
  thehive = await startFakeTheHive();
  config = parseConfig({
    ingest: { auth: { type: 'none' } },
    thehive: { url: thehive.baseUrl, apiKey: { secret: 'THEHIVE_API_KEY' } },
    slack: { signingSecret: { secret: 'SLACK_SIGNING_SECRET' }, botToken: { secret: 'SLACK_BOT_TOKEN' }, apiUrl: slack.apiUrl, allow: { teams: [TEAM] }, maxReceiveCount: 2 },
  });
});
afterAll(async () => {
  await slack?.stop();
  await thehive?.stop();
});

const secrets = (values: Record<string, string>) => new LocalSecretResolver({ env: {}, cwd: noSecretsFile, values });
const allSecrets = () => secrets({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, THEHIVE_API_KEY: thehive.apiKey });

function apiEvent(body: string, options: { base64?: boolean; method?: string; headers?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /slack/interactions',
    rawPath: '/slack/interactions',
    rawQueryString: '',
    headers: options.headers ?? signedHeaders(body, Date.now()),
    requestContext: { http: { method: options.method ?? 'POST', path: '/slack/interactions', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Slackbot' } } as APIGatewayProxyEventV2['requestContext'],
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

describe('slack-interactions handler', () => {
  const build = (overrides: { secrets?: LocalSecretResolver } = {}) => {
    const q = memoryQueue();
    const metrics = new InMemoryMetrics();
    const handler = createSlackInteractionsHandler({
      config,
      logger,
      log: recordingLog().log,
      clock: { now: () => Date.now() },
      metrics,
      queue: q.queue,
      state: memoryState(),
      secrets: overrides.secrets ?? allSecrets(),
      http,
      actionsQueueUrl: QUEUE,
    });
    return { handler, q, metrics };
  };

  it('verifies the signature over a base64-encoded body, as API Gateway may deliver it', async () => {
    const { handler, q } = build();
    const body = formBody(blockActions({ actionId: caseActions.severity, blockId: 'case:~7', selected: '4', team: TEAM }));
    const result = await handler(apiEvent(body, { base64: true, headers: signedHeaders(body, Date.now()) }), localLambdaContext('slack-interactions', 10));
    expect(result).toMatchObject({ statusCode: 200, body: '' });
    expect(q.bodies(QUEUE).map((m) => m.change)).toEqual([{ kind: 'severity', value: 4 }]);
  });

  it('refuses a body signed before the gateway re-encoded it differently', async () => {
    const { handler, q, metrics } = build();
    const body = formBody(blockActions({ actionId: caseActions.severity, blockId: 'case:~7', selected: '4', team: TEAM }));
    const headers = signedHeaders(body.replace('%22', '%22 '), Date.now());
    const result = await handler(apiEvent(body, { base64: true, headers }), localLambdaContext('slack-interactions', 10));
    expect(result.statusCode).toBe(401);
    expect(q.sent).toEqual([]);
    expect(metrics.get('SlackInteractionRejected', { reason: 'signature' })).toBe(1);
  });

  it('answers 405 to another method and 500 (naming no secret value) when the secrets are missing', async () => {
    const { handler, metrics } = build();
    const wrong = await handler(apiEvent('', { method: 'GET' }), localLambdaContext('slack-interactions', 10));
    expect(wrong.statusCode).toBe(405);
    expect(JSON.parse(String(wrong.body))).toEqual({ error: 'use POST /slack/interactions', field: 'method' });
    expect(metrics.get('SlackInteractionRejected', { reason: 'method' })).toBe(1);
    const missing = build({ secrets: secrets({ SLACK_BOT_TOKEN: BOT_TOKEN }) });
    const result = await missing.handler(apiEvent(formBody({ type: 'view_closed' })), localLambdaContext('slack-interactions', 10));
    expect(result.statusCode).toBe(500);
    expect(String(result.body)).not.toContain(BOT_TOKEN);
  });
});

describe('slack-act handler', () => {
  const record = (id: string, body: unknown, receiveCount = 1) => ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:slack-actions',
    awsRegion: 'us-east-1',
  });
  const action = (caseId: string, value: number) => ({
    v: 1,
    id: `${TEAM}:t-${caseId}-${value}`,
    caseId,
    change: { kind: 'severity', value },
    actor: { teamId: TEAM, userId: USER },
    requestedAt: Date.now(),
  });
  const build = (overrides: { secrets?: LocalSecretResolver } = {}) => {
    const q = memoryQueue();
    const { log, entries } = recordingLog();
    const metrics = new InMemoryMetrics();
    const results: string[] = [];
    const handler = createSlackActHandler({
      config, logger, log, metrics, clock: { now: () => Date.now() }, queue: q.queue, state: memoryState(),
      secrets: overrides.secrets ?? allSecrets(), http, queueUrl: QUEUE, dlqUrl: DLQ, onResult: (kind) => results.push(kind),
    });
    return { handler, q, entries, metrics, results };
  };

  it('reports only the records to retry; applied and unreadable ones are done', async () => {
    const { handler, q, entries } = build();
    const good = thehive.addCase({ severity: 2 });
    thehive.answerNext({ status: 503, body: { type: 'ServiceUnavailable', message: 'down' } });
    const event = { Records: [record('m-down', action(thehive.addCase(), 3)), record('m-good', action(good, 4)), record('m-bad', '{oops')] } as SQSEvent;
    const result = await handler(event, localLambdaContext('slack-act', 30));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-down' }] });
    expect(thehive.cases.get(good)!.severity).toBe(4);
    expect(q.bodies(DLQ)).toEqual([expect.objectContaining({ failure: expect.objectContaining({ reason: 'unreadable message: not JSON', permanent: true }) })]);
    expect(entries.find((e) => e.message === 'slack action applied to TheHive')?.attributes).toMatchObject({ slackUser: USER, caseId: good, thehiveChange: { severity: 4 } });
  });

  it('parks an action at once when a secret does not exist, with the reason', async () => {
    const { handler, q } = build({ secrets: secrets({ THEHIVE_API_KEY: thehive.apiKey }) });
    const result = await handler({ Records: [record('m-1', action(thehive.addCase(), 1))] } as SQSEvent, localLambdaContext('slack-act', 30));
    expect(result).toEqual({ batchItemFailures: [] });
    const [letter] = q.bodies(DLQ);
    expect(letter.failure).toMatchObject({ permanent: true, reason: expect.stringMatching(/^secrets: secret SLACK_BOT_TOKEN not found/) });
    expect(letter.message).toMatchObject({ change: { kind: 'severity', value: 1 } });
  });

  it('counts and tells an action parked or retried because its secrets could not be read, like any other', async () => {
    const parked = build({ secrets: secrets({ THEHIVE_API_KEY: thehive.apiKey }) });
    await parked.handler({ Records: [record('m-1', action(thehive.addCase(), 1))] } as SQSEvent, localLambdaContext('slack-act', 30));
    expect(parked.metrics.get('SlackActionParked')).toBe(1);
    expect(parked.results).toEqual(['parked']);
    // a store that cannot answer (not a missing secret) is worth another try
    const failing = { get: async () => { throw new Error('throttled'); } } as unknown as LocalSecretResolver;
    const retried = build({ secrets: failing });
    const result = await retried.handler({ Records: [record('m-2', action(thehive.addCase(), 2))] } as SQSEvent, localLambdaContext('slack-act', 30));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(retried.results).toEqual(['retry']);
  });
});
