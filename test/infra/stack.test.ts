/**
 * The synthesized template of the relay stack (bundling skipped): pipelines per notifier,
 * function and Slack; runtime settings; outputs; cdk-nag clean.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { VISIBILITY_TIMEOUT_FACTOR } from '../../infra/constructs/worker-pipeline.js';
import { precompileConfigTemplates } from '../../shared/templates/precompile.js';
import { fixture, flatten, logicalId, synthFixture, type Synthesized } from './helpers.js';

const resourcesOf = (s: Synthesized, type: string) =>
  Object.entries<any>(s.json.Resources).filter(([, r]) => r.Type === type);

describe('relay stack from test/infra/fixtures/relay.yaml (webhook, console, slack, pagerduty, email notifiers)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthFixture('relay.yaml');
  });

  it('is named after config.stackName', () => {
    expect(s.stack.stackName).toBe('HiveRelayTest');
  });

  it('builds one pipeline per notifier: queue with SSE, TLS-only policy and a redrive to its DLQ', () => {
    expect([...s.stack.notifiers.keys()]).toEqual(['soc-webhook', 'audit-hook', 'console', 'soc-slack', 'oncall', 'mail']);
    for (const [name, pipeline] of s.stack.notifiers) {
      const notifier = s.config.notifiers.find((n) => n.name === name)!;
      const queue = s.json.Resources[logicalId(pipeline.queue)];
      const dlq = s.json.Resources[logicalId(pipeline.deadLetterQueue)];
      expect(queue.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(pipeline.deadLetterQueue), 'Arn'] },
        // the delivery code parks at maxReceiveCount with a reason; SQS is the safety net one later
        maxReceiveCount: notifier.maxReceiveCount + 1,
      });
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      expect(dlq.Properties.SqsManagedSseEnabled).toBe(true);
      expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      // a message retried up to maxReceiveCount times reaches its DLQ before it could expire
      expect(notifier.maxReceiveCount * queue.Properties.VisibilityTimeout).toBeLessThan(queue.Properties.MessageRetentionPeriod);
      for (const q of [pipeline.queue, pipeline.deadLetterQueue]) {
        s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: logicalId(q) }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    }
    expect(resourcesOf(s, 'AWS::SQS::Queue')).toHaveLength(12);
  });

  it('sets each queue visibility timeout to at least 6 × its consumer timeout (plus the batching window)', () => {
    const mappings = resourcesOf(s, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(6);
    for (const [, mapping] of mappings) {
      const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0];
      const fnId = mapping.Properties.FunctionName.Ref;
      const visibility = s.json.Resources[queueId].Properties.VisibilityTimeout;
      const timeout = s.json.Resources[fnId].Properties.Timeout;
      const window = mapping.Properties.MaximumBatchingWindowInSeconds ?? 0;
      expect(visibility).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * timeout + window);
    }
    // soc-webhook asks for 20 s per request: its worker gets 60 s, its queue ≥ 360 s
    const soc = s.stack.notifiers.get('soc-webhook')!;
    expect(s.json.Resources[logicalId(soc.worker.function)].Properties.Timeout).toBe(60);
  });

  it('consumes each queue with partial batch responses, batch 10, no batching delay, capped concurrency', () => {
    for (const pipeline of s.stack.notifiers.values()) {
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(pipeline.queue), 'Arn'] },
        FunctionName: { Ref: logicalId(pipeline.worker.function) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        ScalingConfig: { MaximumConcurrency: Match.anyValue() },
      });
    }
  });

  it('alarms on every DLQ (≥ 1 visible message, 1 minute, missing data not breaching) and on queue age, to the SNS topic', () => {
    const topic = { Ref: logicalId(s.stack.alarmTopic) };
    for (const pipeline of s.stack.notifiers.values()) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(pipeline.deadLetterQueue), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        Period: 60,
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
      });
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(pipeline.queue), 'QueueName'] } }],
        AlarmActions: [topic],
      });
    }
    // + one on the API's 5xx: TheHive does not retry, so a 5xx may be a lost event
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5xx',
      Namespace: 'AWS/ApiGateway',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(s.stack.api.api) } }],
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
    });
    expect(resourcesOf(s, 'AWS::CloudWatch::Alarm')).toHaveLength(13);
  });

  it('sends alarms to a TLS-only topic with the email subscription from config.alarms.email', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'soc-alerts@example.org' });
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('lets CloudWatch alarms of this account publish to the topic (its policy replaces SNS\'s default one)', () => {
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() }, ArnLike: { 'aws:SourceArn': Match.anyValue() } }),
          }),
        ]),
      },
    });
  });

  it('runs every Lambda on arm64, nodejs24.x, 256 MB, JSON logs into its own log group with retention', () => {
    const functions = resourcesOf(s, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(7); // ingest + 6 notifiers
    for (const [, fn] of functions) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.MemorySize).toBe(256);
      expect(fn.Properties.Timeout).toBeGreaterThan(0);
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(s.json.Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    }
    for (const [, group] of resourcesOf(s, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('gives each notify Lambda its name, queue, DLQ and the table; ingest the queue map', () => {
    for (const [name, pipeline] of s.stack.notifiers) {
      const env = s.json.Resources[logicalId(pipeline.worker.function)].Properties.Environment.Variables;
      expect(env[runtimeEnv.notifierName]).toBe(name);
      expect(env[runtimeEnv.queueUrl]).toEqual({ Ref: logicalId(pipeline.queue) });
      expect(env[runtimeEnv.dlqUrl]).toEqual({ Ref: logicalId(pipeline.deadLetterQueue) });
      expect(env[runtimeEnv.stateTable]).toEqual({ Ref: logicalId(s.stack.stateTable) });
    }
    const ingestEnv = s.json.Resources[logicalId(s.stack.ingest!.function)].Properties.Environment.Variables;
    const queues = JSON.parse(flatten(ingestEnv[runtimeEnv.notifierQueues]));
    expect(queues).toEqual(
      Object.fromEntries([...s.stack.notifiers].map(([name, p]) => [name, `<${logicalId(p.queue)}>`])),
    );
  });

  it('has one state table: pk/sk strings, on demand, TTL expiresAt, PITR, retained, under a stable logical id', () => {
    const tables = resourcesOf(s, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [id, table] = tables[0];
    expect(id).toMatch(/^StateTable[0-9A-F]{8}$/);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('routes POST /webhooks/thehive and GET /health on an HTTP API stage with access logs and throttling', () => {
    s.template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /webhooks/thehive', AuthorizationType: 'NONE' });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health' });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('outputs the webhook URL, ready-to-paste TheHive 4 and 5 settings, DLQ URLs and the queue map', () => {
    const outputs = s.json.Outputs;
    expect(flatten(outputs.WebhookUrl.Value)).toMatch(/^https:\/\/<ApiHttpApi\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix>\/webhooks\/thehive$/);
    const th4 = flatten(outputs.TheHive4WebhookConfig.Value);
    expect(th4).toContain('notification.webhook.endpoints = [');
    expect(th4).toContain(`url: "${flatten(outputs.WebhookUrl.Value)}"`);
    expect(th4).toContain('version: 0');
    expect(th4).toContain('wsConfig: {}');
    expect(th4).toContain('auth: { type: "bearer", key: "<paste the INGEST_TOKEN>" }');
    const th5 = flatten(outputs.TheHive5WebhookSettings.Value);
    expect(th5).toContain(flatten(outputs.WebhookUrl.Value));
    expect(th5).toContain('Version: 0');
    expect(th5).toContain('Bearer');
    expect(flatten(outputs.TheHive4ActivateWebhook.Value)).toContain('"endpoint":"hive-relay"');
    expect(outputs.FunctionsBaseUrl).toBeUndefined();
    expect(outputs.SlackInteractivityUrl).toBeUndefined();

    const soc = s.stack.notifiers.get('soc-webhook')!;
    expect(outputs.NotifierDlqSocWebhook.Value).toEqual({ Ref: logicalId(soc.deadLetterQueue) });
    for (const key of ['NotifierDlqAuditHook', 'NotifierDlqConsole', 'NotifierDlqSocSlack', 'NotifierDlqOncall', 'NotifierDlqMail']) {
      expect(outputs[key], key).toBeDefined();
    }

    const queues = JSON.parse(flatten(outputs.QueuesJson.Value));
    expect(queues.v).toBe(1);
    expect(Object.keys(queues.notifiers)).toEqual([...s.stack.notifiers.keys()]);
    expect(queues.notifiers['soc-webhook']).toEqual({
      queueUrl: `<${logicalId(soc.queue)}>`,
      queueArn: `<${logicalId(soc.queue)}.Arn>`,
      dlqUrl: `<${logicalId(soc.deadLetterQueue)}>`,
      dlqArn: `<${logicalId(soc.deadLetterQueue)}.Arn>`,
    });
    expect(queues.functions).toEqual({});
  });
});

describe('relay stack from test/infra/fixtures/full.yaml (functions, custom translator, Slack)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthFixture('full.yaml');
  });

  it('builds a pipeline per function and for Slack actions, each with DLQ, alarms and partial batch responses', () => {
    expect([...s.stack.functions.keys()]).toEqual(['elastic', 'sekoia', 'mine']);
    const pipelines = [...s.stack.notifiers.values(), ...s.stack.functions.values(), s.stack.slackActions!];
    expect(pipelines).toHaveLength(7);
    for (const pipeline of pipelines) {
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(pipeline.queue), 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(pipeline.deadLetterQueue), 'QueueName'] } }],
      });
    }
    const sekoia = s.json.Resources[logicalId(s.stack.functions.get('sekoia')!.queue)];
    expect(sekoia.Properties.RedrivePolicy.maxReceiveCount).toBe(4);
  });

  it('wires the function Lambdas: FUNCTION_NAME per translate worker, FUNCTION_QUEUES for intake, SLACK_ACTIONS_QUEUE', () => {
    for (const [name, pipeline] of s.stack.functions) {
      const env = s.json.Resources[logicalId(pipeline.worker.function)].Properties.Environment.Variables;
      expect(env[runtimeEnv.functionName]).toBe(name);
      expect(env[runtimeEnv.queueUrl]).toEqual({ Ref: logicalId(pipeline.queue) });
      expect(env[runtimeEnv.dlqUrl]).toEqual({ Ref: logicalId(pipeline.deadLetterQueue) });
    }
    const intakeEnv = s.json.Resources[logicalId(s.stack.functionIntake!.function)].Properties.Environment.Variables;
    expect(JSON.parse(flatten(intakeEnv[runtimeEnv.functionQueues]))).toEqual(
      Object.fromEntries([...s.stack.functions].map(([name, p]) => [name, `<${logicalId(p.queue)}>`])),
    );
    const slackEnv = s.json.Resources[logicalId(s.stack.slackInteractions!.function)].Properties.Environment.Variables;
    expect(slackEnv[runtimeEnv.slackActionsQueue]).toEqual({ Ref: logicalId(s.stack.slackActions!.queue) });
  });

  it('routes the functions and Slack interactivity to their Lambdas', () => {
    const routes = resourcesOf(s, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    expect(routes).toEqual(['GET /functions/{name}', 'GET /health', 'POST /functions/{name}', 'POST /slack/interactions', 'POST /webhooks/thehive']);
  });

  it('bundles the custom translator (module relative to the config file) only into its own function', () => {
    const custom = s.stack.functions.get('mine')!.worker.bundling;
    expect(custom.esbuildArgs).toEqual({ '--alias': `hive-relay-custom-translator=${fixture('translators/mine.ts')}` });
    expect(custom.externalModules).not.toContain('hive-relay-custom-translator');
    const others = [s.stack.functions.get('elastic')!, s.stack.functions.get('sekoia')!].map((p) => p.worker.bundling);
    for (const bundling of [...others, s.stack.functionIntake!.bundling, s.stack.ingest!.bundling]) {
      expect(bundling.esbuildArgs).toBeUndefined();
      expect(bundling.externalModules).toContain('hive-relay-custom-translator');
    }
  });

  it('embeds the validated config (secret references only) in every bundle, the same for all', () => {
    const expected = JSON.stringify(JSON.stringify(s.config));
    const all = [s.stack.ingest!, s.stack.functionIntake!, s.stack.slackInteractions!, ...[...s.stack.functions.values(), ...s.stack.notifiers.values(), s.stack.slackActions!].map((p) => p.worker)];
    expect(all).toHaveLength(10); // ingest, intake, Slack interactions + 3 notifiers, 3 functions, Slack actions
    for (const fn of all) expect(fn.bundling.define?.__HIVE_RELAY_CONFIG__).toBe(expected);
  });

  it("embeds each notifier's own templates, precompiled, in its function only", () => {
    const webhook = s.stack.notifiers.get('soc-webhook')!;
    const templates = JSON.parse(JSON.parse(webhook.worker.bundling.define!.__HIVE_RELAY_TEMPLATES__));
    expect(Object.keys(templates)).toEqual([webhook.notifier.template]);
    expect(templates).toEqual(precompileConfigTemplates(webhook.notifier));
    expect(templates[webhook.notifier.template as string]).toMatchObject({ escaped: expect.stringContaining('"title"'), helpers: [] });
    expect(s.stack.notifiers.get('printer')!.worker.bundling.define!.__HIVE_RELAY_TEMPLATES__).toBe(JSON.stringify('{}'));
    const others = [s.stack.ingest!, s.stack.functionIntake!, s.stack.slackInteractions!, ...[...s.stack.functions.values(), s.stack.slackActions!].map((p) => p.worker)];
    for (const fn of others) expect(Object.keys(fn.bundling.define!)).toEqual(['__HIVE_RELAY_CONFIG__']);
  });

  it('outputs the functions base URL, the Slack interactivity URL, every DLQ and the full queue map', () => {
    const outputs = s.json.Outputs;
    expect(flatten(outputs.FunctionsBaseUrl.Value)).toMatch(/\/functions\/$/);
    expect(flatten(outputs.SlackInteractivityUrl.Value)).toMatch(/\/slack\/interactions$/);
    for (const key of ['FunctionDlqElastic', 'FunctionDlqSekoia', 'FunctionDlqMine', 'SlackActionsDlq', 'NotifierDlqSocWebhook', 'NotifierDlqPrinter', 'NotifierDlqSocChat']) {
      expect(outputs[key], key).toBeDefined();
    }
    const queues = JSON.parse(flatten(outputs.QueuesJson.Value));
    expect(Object.keys(queues.functions)).toEqual(['elastic', 'sekoia', 'mine']);
    expect(queues.slackActions.dlqUrl).toBe(`<${logicalId(s.stack.slackActions!.deadLetterQueue)}>`);
    // TheHive 4 sends `Authorization: <key>` as is for ingest auth `header` named authorization
    expect(flatten(outputs.TheHive4WebhookConfig.Value)).toContain('auth: { type: "key", key: "<paste the INGEST_TOKEN>" }');
  });
});
