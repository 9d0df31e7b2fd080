/**
 * The state table's grants against the code they are for. Each component's own code runs
 * against DynamoDB (dynalite) through the AWS adapters (DynamoStateStore, Powertools
 * idempotency) on a client that records every call; each call must then be allowed by that
 * component's statements in the synthesized template (full.yaml): its action, and its partition
 * key by `dynamodb:LeadingKeys`. The components hand each other their messages as on AWS
 * (ingest → notifier, interactions → act, intake → translate). A new key prefix or a new kind of
 * call without its grant fails here, as it would fail with AccessDenied on AWS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSlackInteractionsHandler } from '../../functions/slack-interactions/create.js';
import type { RelayFunction } from '../../infra/constructs/relay-function.js';
import { PROJECT_ROOT } from '../../infra/relay-app.js';
import { grantStateAccess, stateAccess } from '../../infra/state-access.js';
import { localLambdaContext } from '../../local/lambda-context.js';
import { createDynamoClient, DynamoStateStore } from '../../shared/adapters/dynamodb.js';
import { PowertoolsOnceStore } from '../../shared/adapters/idempotency.js';
import { InMemoryMetrics } from '../../shared/adapters/metrics.js';
import { deliver, type DeliveryDeps } from '../../shared/delivery/deliver.js';
import type { IntakeLogDeps } from '../../shared/functions/intake.js';
import { handleFunctionRequest } from '../../shared/functions/intake.js';
import { processFunctionRecord } from '../../shared/functions/worker.js';
import { ingest } from '../../shared/ingest/ingest.js';
import type { HttpResponse } from '../../shared/ports.js';
import { caseActions } from '../../shared/slack/actions.js';
import { processActRecord } from '../../shared/slack/act-queue.js';
import { fixtureText } from '../fixtures/thehive/index.js';
import { useEmulators } from '../integration/emulators.js';
import { RecordingQueue, ScriptedHttp, secretsOf, silent } from '../unit/fakes.js';
import { blockActions, formBody, MESSAGE_TS, signedHeaders, SIGNING_SECRET, USER } from '../unit/slack/fixtures.js';
import { memoryCases, stubSlack } from '../unit/slack/memory.js';
import { asArray, flatten, logicalId, roleStatements, synthFixture, type Synthesized } from './helpers.js';

const TABLE = 'state';
const emulators = useEmulators({ tableName: TABLE });

/** full.yaml's secrets, by name */
const secrets = secretsOf({
  INGEST_TOKEN: 'ingest-token',
  ELASTIC_FN_TOKEN: 'elastic-token',
  SEKOIA_FN_TOKEN: 'sekoia-token',
  MINE_TOKEN: 'mine-token',
  SEKOIA_API_KEY: 'sekoia-key',
  THEHIVE_API_KEY: 'thehive-key',
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SOC_WEBHOOK_URL: 'https://hooks.example.org/soc',
});
const clock = { now: () => Date.now() };
const CHAT = 'soc-chat';
const CHANNEL = 'C0SOC';
/** full.yaml's `slack.allow.teams` */
const TEAM = 'T0123456';
/** the case of the v5-audit fixtures */
const CASE_ID = '~122900';

interface Call {
  /** the DynamoDB API action, e.g. GetItem */
  action: string;
  pk?: string;
}

/** The pk a request names: in its Key, its Item, or the `pk = :x` of its key condition. */
function partitionKeyOf(input: Record<string, any>): string | undefined {
  const placeholder = /\bpk = (:\w+)/.exec(input.KeyConditionExpression ?? '')?.[1];
  const value = input.Key?.pk ?? input.Item?.pk ?? (placeholder ? input.ExpressionAttributeValues?.[placeholder] : undefined);
  return typeof value === 'string' ? value : value?.S;
}

/** A DynamoDB client to the emulator that records each call's action and partition key. */
function recordingClient() {
  const calls: Call[] = [];
  const client = createDynamoClient({ endpoint: emulators.dynamoEndpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({ action: String(context.commandName).replace(/Command$/, ''), pk: partitionKeyOf(args.input as Record<string, any>) });
      return next(args);
    },
    // after the document client has marshalled its input
    { step: 'serialize', priority: 'high', name: 'recordStateCalls' },
  );
  return { client, calls, state: new DynamoStateStore(client, TABLE, clock) };
}

/** IAM's StringLike: `*` any characters, `?` one. */
const like = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.split('?').map((text) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('.')).join('.*')}$`).test(value);

const stateStatements = (statements: any[]) => statements.filter((st) => asArray(st.Action).some((a: string) => a.startsWith('dynamodb:')));

let s: Synthesized;
beforeAll(() => {
  s = synthFixture('full.yaml');
});

/**
 * Every call is allowed by one of the role's statements (action, the table, LeadingKeys), and
 * every action granted is one the code makes.
 */
function expectGranted(component: string, fn: RelayFunction, calls: Call[]) {
  const table = `<${logicalId(s.stack.stateTable)}.Arn>`;
  const statements = stateStatements(roleStatements(s.json, logicalId(fn.role)));
  const allows = (call: Call) =>
    statements.some((st) => {
      if (st.Effect !== 'Allow' || !asArray(st.Action).includes(`dynamodb:${call.action}`)) return false;
      if (!asArray(st.Resource).map(flatten).includes(table)) return false;
      const condition = st.Condition;
      if (condition === undefined) return true;
      const patterns: string[] = asArray(condition['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []);
      return Object.keys(condition).length === 1 && call.pk !== undefined && patterns.some((pattern) => like(pattern, call.pk!));
    });
  expect(calls.length, component).toBeGreaterThan(0);
  expect(calls.filter((call) => !allows(call)), `${component}: calls its role may not make`).toEqual([]);
  const granted = statements.flatMap((st) => asArray(st.Action)).map((a: string) => a.replace(/^dynamodb:/, ''));
  expect(new Set(granted), `${component}: actions granted`).toEqual(new Set(calls.map((call) => call.action)));
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const unavailable: HttpResponse = { status: 503, headers: {}, body: 'down for maintenance' };

describe('the state calls of each component, against its grant in the template', () => {
  /** what ingest queued for the Slack notifier, and what the interactions queued for the act worker */
  const chatMessages: string[] = [];
  const actions: string[] = [];
  const functionMessages: string[] = [];

  it('ingest: its dedupe marks (claimed, read for a re-post, confirmed, released after a failed send)', async () => {
    const { calls, state } = recordingClient();
    const queue = new RecordingQueue();
    const queueUrls = Object.fromEntries(s.config.notifiers.map((n) => [n.name, `queue://${n.name}`]));
    const deps = { config: s.config, secrets, queue, queueUrls, state, clock, metrics: new InMemoryMetrics(), log: silent };
    const post = (body: string) =>
      ingest({ method: 'POST', path: '/webhooks/thehive', headers: { 'content-type': 'application/json', authorization: 'ingest-token' }, body, bodyBytes: Buffer.byteLength(body) }, deps);
    expect((await post(fixtureText('v5-audit', 'case-create'))).status).toBe(202);
    expect((await post(fixtureText('v5-audit', 'case-create'))).body).toMatchObject({ duplicate: true });
    expect((await post(fixtureText('v5-audit', 'case-update'))).status).toBe(202);
    queue.failSends = true;
    expect((await post(fixtureText('v5-audit', 'case-close'))).status).toBeGreaterThanOrEqual(500);
    chatMessages.push(...queue.sent.filter((sent) => sent.queueUrl === `queue://${CHAT}`).map((sent) => sent.message.body));
    expectGranted('ingest', s.stack.ingest!, calls);
  });

  it('a notifier: its case memory, first-post claims and idempotency records (completed, and deleted after a failure)', async () => {
    expect(chatMessages).toHaveLength(2);
    const { client, calls, state } = recordingClient();
    const http = new ScriptedHttp(() => ok({ ok: true, channel: CHANNEL, ts: MESSAGE_TS }));
    const deps: DeliveryDeps = {
      config: s.config,
      queue: new RecordingQueue(),
      queueUrl: `queue://${CHAT}`,
      dlqUrl: `queue://${CHAT}-dlq`,
      state,
      secrets,
      once: new PowertoolsOnceStore({ client, tableName: TABLE, log: silent }),
      clock,
      metrics: new InMemoryMetrics(),
      log: silent,
      http,
      consoleSink: () => undefined,
    };
    expect(await deliver({ messageId: 'm1', body: chatMessages[0], receiveCount: 1 }, deps)).toMatchObject({ kind: 'delivered', replayed: 0 });
    http.answer = () => unavailable;
    expect(await deliver({ messageId: 'm2', body: chatMessages[1], receiveCount: 1 }, deps)).toMatchObject({ kind: 'retry' });
    expectGranted(`notifier ${CHAT}`, s.stack.notifiers.get(CHAT)!.worker, calls);
  });

  it('Slack interactions: the case message the interactive notifier remembers', async () => {
    const { calls, state } = recordingClient();
    const queue = new RecordingQueue();
    const handler = createSlackInteractionsHandler({
      config: s.config,
      logger: new Logger({ serviceName: 'state-access-test', logLevel: 'SILENT' }),
      log: silent,
      clock,
      metrics: new InMemoryMetrics(),
      queue,
      state,
      secrets,
      http: new ScriptedHttp(() => ok({ ok: true })),
      actionsQueueUrl: 'queue://slack-actions',
    });
    const body = formBody(blockActions({ actionId: caseActions.severity, blockId: `case:${CASE_ID}`, selected: '3', team: TEAM, channel: CHANNEL, ts: MESSAGE_TS }));
    const event = {
      version: '2.0',
      routeKey: 'POST /slack/interactions',
      rawPath: '/slack/interactions',
      rawQueryString: '',
      headers: signedHeaders(body, Date.now()),
      requestContext: { http: { method: 'POST', path: '/slack/interactions', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Slackbot' } },
      body,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    expect(await handler(event, localLambdaContext('slack-interactions', 10))).toMatchObject({ statusCode: 200 });
    // the notifier's memory of the case was found: the action was queued
    actions.push(...queue.sent.map((sent) => sent.message.body));
    expect(actions).toHaveLength(1);
    expectGranted('Slack interactions', s.stack.slackInteractions!, calls);
  });

  it('Slack actions: the steps of an action already done', async () => {
    expect(actions).toHaveLength(1);
    const { calls, state } = recordingClient();
    const thehive = memoryCases([{ _id: CASE_ID, number: 7, title: 'Phishing', severity: 2 }]);
    const slack = stubSlack({ users: [{ id: USER, name: 'analyst', email: 'a@example.org' }] });
    const outcome = await processActRecord(
      { messageId: 'a1', body: actions[0], receiveCount: 1 },
      {
        thehive: thehive.api,
        slack: slack.api,
        version: 5,
        renderCase: (c) => ({ text: String(c.title), blocks: [] }),
        clock,
        log: silent,
        state,
        queue: new RecordingQueue(),
        queueUrl: 'queue://slack-actions',
        dlqUrl: 'queue://slack-actions-dlq',
        maxReceiveCount: 3,
      },
    );
    expect(outcome).toMatchObject({ kind: 'done' });
    expectGranted('Slack actions', s.stack.slackActions!.worker, calls);
  });

  it('the function intake: runs, dedupe marks and status of a function (posted, re-posted, failed to queue, read back)', async () => {
    const { calls, state } = recordingClient();
    const queue = new RecordingQueue();
    let ids = 0;
    const deps: IntakeLogDeps = {
      functions: s.config.functions,
      thehive: s.config.thehive,
      store: state,
      clock,
      secrets,
      http: new ScriptedHttp(() => unavailable),
      queue,
      queueUrl: (name) => `queue://fn-${name}`,
      newId: () => `id${(ids += 1)}`,
      log: silent,
    };
    const headers = { 'content-type': 'application/json', authorization: 'Bearer elastic-token' };
    const source = (name: string) => readFileSync(join(PROJECT_ROOT, 'test/fixtures/sources/elastic', name), 'utf8');
    const post = (body: string) => handleFunctionRequest('elastic', { method: 'POST', headers, query: {}, body }, deps);
    const first = await post(source('single-alert-mixed.json'));
    expect(first.status).toBe(202);
    expect((await post(source('single-alert-mixed.json'))).body).toMatchObject({ duplicate: true });
    queue.failSends = true;
    expect((await post(source('context-alerts-flat.json'))).status).toBeGreaterThanOrEqual(500);
    const runId = String(first.body.runId);
    expect((await handleFunctionRequest('elastic', { method: 'GET', headers, query: {}, body: '' }, deps)).status).toBe(200);
    expect((await handleFunctionRequest('elastic', { method: 'GET', headers, query: { runId }, body: '' }, deps)).status).toBe(200);
    functionMessages.push(...queue.sent.map((sent) => sent.message.body));
    expectGranted('function intake', s.stack.functionIntake!, calls);
  });

  it('a translate worker: its function’s run and status (read, retried while TheHive is down, then failed)', async () => {
    expect(functionMessages).toHaveLength(1);
    const { calls, state } = recordingClient();
    const deps = {
      functions: s.config.functions,
      thehive: s.config.thehive,
      store: state,
      clock,
      secrets,
      http: new ScriptedHttp(() => unavailable),
      queue: new RecordingQueue(),
      dlqUrl: 'queue://fn-elastic-dlq',
    };
    expect(await processFunctionRecord({ body: functionMessages[0], receiveCount: 1 }, deps)).toMatchObject({ kind: 'retry' });
    const last = s.config.functions.find((fn) => fn.name === 'elastic')!.maxReceiveCount;
    expect(await processFunctionRecord({ body: functionMessages[0], receiveCount: last }, deps)).toMatchObject({ kind: 'parked' });
    expectGranted('translate elastic', s.stack.functions.get('elastic')!.worker, calls);
  });
});

describe('grantStateAccess', () => {
  const stackWithTable = () => {
    // no CloudFormation schema validation: it costs seconds and this test is about IAM
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }));
    const table = new Table(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const role = new Role(stack, 'R', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    return { stack, table, role };
  };

  it('adds no statement for a component that touches no partition (two-way Slack without an interactive notifier)', () => {
    const { stack, table, role } = stackWithTable();
    expect(grantStateAccess(role, table, stateAccess.slackInteractions([]))).toBeUndefined();
    expect(Template.fromStack(stack).findResources('AWS::IAM::Policy')).toEqual({});
  });

  it('refuses a name that would widen a LeadingKeys pattern', () => {
    for (const name of ['a*', 'a?b', 'a#b', '']) {
      expect(() => stateAccess.notifier(name), name).toThrow(/not a valid notifier or function name/);
      expect(() => stateAccess.translate(name), name).toThrow(/not a valid notifier or function name/);
    }
  });
});
