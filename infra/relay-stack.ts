/**
 * The whole relay as one stack, built from the validated config file:
 * HTTP API → ingest → one NotifierPipeline per notifier; functions → intake → one
 * FunctionPipeline per function; Slack interactivity → its actions pipeline; one state table;
 * one alarm topic.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { RelayConfig } from '../shared/config/schema.js';
import { collectSecretRefs } from '../shared/config/find-secret-refs.js';
import { interactiveSlackNotifiers } from '../shared/slack/known-case.js';
import { runtimeEnv } from '../shared/runtime-env.js';
import { customTranslatorSpecifier } from './bundling/custom-translator.js';
import { createAlarmTopic } from './constructs/alarm-topic.js';
import { FunctionPipeline } from './constructs/function-pipeline.js';
import { NotifierPipeline } from './constructs/notifier-pipeline.js';
import { RelayApi } from './constructs/relay-api.js';
import { RelayFunction } from './constructs/relay-function.js';
import { createStateTable } from './constructs/state-table.js';
import { sqsMaxReceiveCount, WorkerPipeline, type PipelineCommonProps } from './constructs/worker-pipeline.js';
import { handlerEntries, type HandlerEntry } from './entries.js';
import { grantSendOnly } from './grants.js';
import { uniqueIdSuffixes } from './naming.js';
import {
  functionDlqOutputPrefix,
  notifierDlqOutputPrefix,
  slackActionsDlqOutputKey,
  stackOutputKeys,
  type QueuePair,
  type QueuesOutput,
} from './outputs.js';
import { grantSecretsRead } from './secret-access.js';
import { grantStateAccess, stateAccess } from './state-access.js';
import { theHive4ActivationHint, theHive4WebhookConfig, theHive5WebhookSettings } from './thehive-settings.js';

export const INGEST_TIMEOUT = Duration.seconds(10);
/** API Gateway HTTP APIs cut integrations at 30 s; dry runs translate synchronously. */
export const FUNCTION_INTAKE_TIMEOUT = Duration.seconds(28);
/** Slack wants its ack within 3 s, but views.open may take the rest of the trigger's life. */
export const SLACK_INTERACTIONS_TIMEOUT = Duration.seconds(10);
/**
 * An action makes up to seven TheHive and Slack calls one after another (assigning: users.info,
 * the user lookup, the update, the case read, chat.update, the thread note, a private warning),
 * each cut at 10 s by its client.
 */
export const SLACK_ACT_TIMEOUT = Duration.seconds(80);
/** Lambda's limit on all environment variables of a function together. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;
/** an SQS queue URL with a CDK-generated name, as JSON map entry: `"name":"https://sqs…",` */
const QUEUE_URL_ESTIMATE_BYTES = 140;

export interface RelayStackProps extends StackProps {
  config: RelayConfig;
  /** the config file (custom translator modules are relative to its folder) */
  configPath: string;
  /** where package.json, package-lock.json and node_modules live */
  projectRoot: string;
  /** where functions/<entry>/handler.ts are looked up (default: projectRoot) */
  entriesRoot?: string;
}

export class RelayStack extends Stack {
  readonly config: RelayConfig;
  readonly stateTable: Table;
  readonly alarmTopic: Topic;
  readonly api: RelayApi;
  readonly notifiers = new Map<string, NotifierPipeline>();
  readonly functions = new Map<string, FunctionPipeline>();
  slackActions?: WorkerPipeline;
  ingest?: RelayFunction;
  functionIntake?: RelayFunction;
  slackInteractions?: RelayFunction;

  private readonly projectRoot: string;
  private readonly entriesRoot: string;
  private readonly configDir: string;

  constructor(scope: Construct, id: string, props: RelayStackProps) {
    super(scope, id, {
      description: 'hive-relay: serverless notifications and functions for TheHive',
      ...props,
    });
    const { config } = props;
    this.config = config;
    this.projectRoot = props.projectRoot;
    this.entriesRoot = props.entriesRoot ?? props.projectRoot;
    this.configDir = dirname(resolve(props.configPath));

    this.stateTable = createStateTable(this);
    this.alarmTopic = createAlarmTopic(this, config.alarms.email);
    this.api = new RelayApi(this, 'Api');

    const common: PipelineCommonProps = {
      configJson: JSON.stringify(config),
      projectRoot: this.projectRoot,
      stateTable: this.stateTable,
      alarmTopic: this.alarmTopic,
      secrets: config.secrets,
    };

    this.alarmOnServerErrors();
    this.buildNotifications(common);
    if (config.functions.length) this.buildFunctions(common);
    if (config.slack) this.buildSlack(common);
    this.addOutputs();
  }

  private buildNotifications(common: PipelineCommonProps) {
    const { config } = this;
    const notify = this.entry('notify');
    if (notify) {
      for (const notifier of config.notifiers) {
        this.notifiers.set(notifier.name, new NotifierPipeline(this, `Notifier-${notifier.name}`, { ...common, notifier, entry: notify }));
      }
    }
    const ingest = this.entry('ingest');
    if (!ingest) return;
    const queues = Object.fromEntries([...this.notifiers].map(([name, p]) => [name, p.queue.queueUrl]));
    this.warnIfQueueMapTooBig('NOTIFIER_QUEUES', Object.keys(queues));
    this.ingest = new RelayFunction(this, 'Ingest', {
      entry: ingest,
      description: 'ingest (TheHive webhook)',
      timeout: INGEST_TIMEOUT,
      configJson: common.configJson,
      projectRoot: this.projectRoot,
      environment: {
        [runtimeEnv.stateTable]: this.stateTable.tableName,
        [runtimeEnv.notifierQueues]: this.toJsonString(queues),
      },
    });
    const fn = this.ingest.function;
    for (const pipeline of this.notifiers.values()) grantSendOnly(fn, pipeline.queue);
    grantStateAccess(fn, this.stateTable, stateAccess.ingest());
    grantSecretsRead(fn, this, collectSecretRefs(config.ingest.auth), config.secrets);
    this.api.route('/webhooks/thehive', [HttpMethod.POST], fn, 'IngestIntegration');
    this.api.route('/health', [HttpMethod.GET], fn, 'HealthIntegration',
      'A liveness check for monitors: it answers {"status":"ok"} and nothing else.');
  }

  private buildFunctions(common: PipelineCommonProps) {
    const { config } = this;
    const translate = this.entry('translate');
    if (translate) {
      config.functions.forEach((fn, index) => {
        const customTranslator = fn.type === 'custom' ? this.customTranslatorPath(fn.module, index) : undefined;
        if (fn.type === 'custom' && !customTranslator) return;
        this.functions.set(
          fn.name,
          new FunctionPipeline(this, `Function-${fn.name}`, {
            ...common,
            fn,
            entry: translate,
            theHiveApiKey: config.thehive?.apiKey,
            customTranslator,
          }),
        );
      });
    }
    const intake = this.entry('functionIntake');
    if (!intake) return;
    const queues = Object.fromEntries([...this.functions].map(([name, p]) => [name, p.queue.queueUrl]));
    this.warnIfQueueMapTooBig('FUNCTION_QUEUES', Object.keys(queues));
    this.functionIntake = new RelayFunction(this, 'FunctionIntake', {
      entry: intake,
      description: 'function intake (POST/GET /functions/{name})',
      timeout: FUNCTION_INTAKE_TIMEOUT,
      configJson: common.configJson,
      projectRoot: this.projectRoot,
      environment: {
        [runtimeEnv.stateTable]: this.stateTable.tableName,
        [runtimeEnv.functionQueues]: this.toJsonString(queues),
      },
    });
    const fn = this.functionIntake.function;
    for (const pipeline of this.functions.values()) grantSendOnly(fn, pipeline.queue);
    grantStateAccess(fn, this.stateTable, stateAccess.functionIntake(config.functions.map((f) => f.name)));
    // auth secrets to check callers, and what a dry run needs to enrich (sekoia.apiKey);
    // not thehive.apiKey: a dry run touches nothing in TheHive
    grantSecretsRead(fn, this, collectSecretRefs(config.functions), config.secrets);
    this.api.route('/functions/{name}', [HttpMethod.POST, HttpMethod.GET], fn, 'FunctionIntakeIntegration');
  }

  private buildSlack(common: PipelineCommonProps) {
    const slack = this.config.slack!;
    const act = this.entry('slackAct');
    if (act) {
      const theHiveKey = this.config.thehive?.apiKey;
      this.slackActions = new WorkerPipeline(this, 'SlackActions', {
        ...common,
        label: 'Slack actions',
        entry: act,
        timeout: SLACK_ACT_TIMEOUT,
        maxReceiveCount: sqsMaxReceiveCount(slack.maxReceiveCount),
        environment: {},
        secretRefs: collectSecretRefs(theHiveKey ? [slack.botToken, theHiveKey] : [slack.botToken]),
        stateAccess: stateAccess.slackActions(),
      });
    }
    const interactions = this.entry('slackInteractions');
    if (!interactions || !this.slackActions) return;
    this.slackInteractions = new RelayFunction(this, 'SlackInteractions', {
      entry: interactions,
      description: 'Slack interactivity (POST /slack/interactions)',
      timeout: SLACK_INTERACTIONS_TIMEOUT,
      configJson: common.configJson,
      projectRoot: this.projectRoot,
      environment: {
        [runtimeEnv.stateTable]: this.stateTable.tableName,
        [runtimeEnv.slackActionsQueue]: this.slackActions.queue.queueUrl,
      },
    });
    const fn = this.slackInteractions.function;
    grantSendOnly(fn, this.slackActions.queue);
    grantStateAccess(fn, this.stateTable, stateAccess.slackInteractions(interactiveSlackNotifiers(this.config)));
    grantSecretsRead(fn, this, collectSecretRefs([slack.signingSecret, slack.botToken]), this.config.secrets);
    this.api.route('/slack/interactions', [HttpMethod.POST], fn, 'SlackInteractionsIntegration');
  }

  /**
   * A 5xx answered to TheHive may be an event lost for good: TheHive 4 never retries (and the
   * ingest answers 5xx exactly when it could not enqueue).
   */
  private alarmOnServerErrors() {
    const alarm = new Alarm(this, 'ApiServerErrorsAlarm', {
      alarmDescription:
        'hive-relay: the API answered 5xx. Most often an event TheHive posted was not queued (TheHive 4 does not retry: it may be lost) ' +
        'or a function call failed; see the ingest and function-intake Lambda logs. A 503 for a duplicate post while the first is ' +
        'being queued, or a failed dry run, also counts.',
      metric: this.api.api.metricServerError({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
  }

  /**
   * An entry file written by another part of the project: when it is missing, the part that
   * needs it is left out and synth fails with a message naming the file.
   */
  private entry(name: HandlerEntry): string | undefined {
    const path = join(this.entriesRoot, handlerEntries[name]);
    if (existsSync(path)) return path;
    Validations.of(this).addError(
      'hive-relay:missing-entry',
      `${handlerEntries[name]} does not exist (needed by the ${name} Lambda); nothing was built for it`,
    );
    return undefined;
  }

  /** The queue URLs are only known at deploy time: estimate, and warn before CloudFormation refuses. */
  private warnIfQueueMapTooBig(variable: string, names: string[]) {
    const estimate = names.reduce((sum, name) => sum + name.length + QUEUE_URL_ESTIMATE_BYTES, 0);
    if (estimate > LAMBDA_ENV_LIMIT_BYTES * 0.8) {
      Validations.of(this).addWarning(
        'hive-relay:queue-map-size',
        `${variable} holds ${names.length} queue URLs (about ${estimate} bytes): close to Lambda's 4 KB environment limit`,
      );
    }
  }

  private customTranslatorPath(module: string | undefined, index: number): string | undefined {
    if (!module) {
      Validations.of(this).addError('hive-relay:custom-translator', `functions[${index}].module: a custom function needs a module path`);
      return undefined;
    }
    const path = isAbsolute(module) ? module : resolve(this.configDir, module);
    if (existsSync(path)) return path;
    Validations.of(this).addError(
      'hive-relay:custom-translator',
      `functions[${index}].module: ${path} does not exist (bundled as "${customTranslatorSpecifier}")`,
    );
    return undefined;
  }

  private addOutputs() {
    const { config } = this;
    const webhookUrl = `${this.api.url}webhooks/thehive`;
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });

    out(stackOutputKeys.webhookUrl, webhookUrl, 'Give this URL to TheHive as its webhook endpoint');
    out(stackOutputKeys.apiUrl, this.api.url, 'Base URL of the relay API');
    out(stackOutputKeys.theHive4WebhookConfig, theHive4WebhookConfig(webhookUrl, config.ingest.auth), 'TheHive 4: add to application.conf');
    out(stackOutputKeys.theHive4ActivateWebhook, theHive4ActivationHint(), 'TheHive 4: then enable the endpoint in each organisation');
    out(stackOutputKeys.theHive5WebhookSettings, theHive5WebhookSettings(webhookUrl, config.ingest.auth), 'TheHive 5: webhook endpoint settings');
    out(stackOutputKeys.stateTableName, this.stateTable.tableName, 'DynamoDB state table');
    out(stackOutputKeys.alarmTopicArn, this.alarmTopic.topicArn, 'SNS topic of the DLQ and queue-age alarms');
    if (config.functions.length) out(stackOutputKeys.functionsBaseUrl, `${this.api.url}functions/`, 'Sources POST to this URL + the function name');
    if (config.slack) out(stackOutputKeys.slackInteractivityUrl, `${this.api.url}slack/interactions`, 'Slack app: Interactivity Request URL');

    const pair = (p: WorkerPipeline): QueuePair => ({
      queueUrl: p.queue.queueUrl,
      queueArn: p.queue.queueArn,
      dlqUrl: p.deadLetterQueue.queueUrl,
      dlqArn: p.deadLetterQueue.queueArn,
    });
    const notifierIds = uniqueIdSuffixes([...this.notifiers.keys()]);
    for (const [name, p] of this.notifiers) out(`${notifierDlqOutputPrefix}${notifierIds.get(name)}`, p.deadLetterQueue.queueUrl, `DLQ of notifier ${name}`);
    const functionIds = uniqueIdSuffixes([...this.functions.keys()]);
    for (const [name, p] of this.functions) out(`${functionDlqOutputPrefix}${functionIds.get(name)}`, p.deadLetterQueue.queueUrl, `DLQ of function ${name}`);
    if (this.slackActions) out(slackActionsDlqOutputKey, this.slackActions.deadLetterQueue.queueUrl, 'DLQ of the Slack actions');

    const queues: QueuesOutput = {
      v: 1,
      notifiers: Object.fromEntries([...this.notifiers].map(([name, p]) => [name, pair(p)])),
      functions: Object.fromEntries([...this.functions].map(([name, p]) => [name, pair(p)])),
      ...(this.slackActions ? { slackActions: pair(this.slackActions) } : {}),
    };
    out(stackOutputKeys.queues, this.toJsonString(queues), 'Queues and DLQs by notifier/function name (read by the hive-relay CLI)');
  }
}
