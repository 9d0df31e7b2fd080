/**
 * The Slack interactions Lambda's handler (POST /slack/interactions), built from its
 * dependencies so that the Lambda (handler.ts, AWS adapters) and the local runtime run the
 * same code. It verifies, authorises, opens dialogs and queues; it never calls TheHive.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logOf, wrapHandler } from '../../shared/adapters/lambda.js';
import type { RelayConfig } from '../../shared/config/schema.js';
import { fromApiGatewayV2 } from '../../shared/http/api-gateway.js';
import type { Clock, HttpClient, Log, Metrics, QueueClient, SecretResolver, StateStore } from '../../shared/ports.js';
import { cachedUserGroups } from '../../shared/slack/authorise.js';
import { createSlackWebApi, type SlackWebApi } from '../../shared/slack/client.js';
import { handleSlackInteraction, type HttpReply } from '../../shared/slack/interactions.js';
import { knownCaseCheck } from '../../shared/slack/known-case.js';

export const SLACK_INTERACTIONS_PATH = '/slack/interactions';

export interface SlackInteractionsHandlerDeps {
  config: RelayConfig;
  logger: Logger;
  /** use-case log lines; defaults to `logger` */
  log?: Log;
  clock: Clock;
  /** refused requests: SlackInteractionRejected{reason} */
  metrics: Metrics;
  /** when given, its metrics are flushed after each invocation (EMF) */
  powertoolsMetrics?: PowertoolsMetrics;
  queue: QueueClient;
  state: StateStore;
  secrets: SecretResolver;
  http: HttpClient;
  /** SLACK_ACTIONS_QUEUE */
  actionsQueueUrl: string;
}

export type SlackInteractionsHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const toResult = (reply: HttpReply): APIGatewayProxyStructuredResultV2 => ({ statusCode: reply.status, headers: reply.headers, body: reply.body });
const jsonError = (status: number, error: string, field?: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(field ? { error, field } : { error }),
});

export function createSlackInteractionsHandler(deps: SlackInteractionsHandlerDeps): SlackInteractionsHandler {
  const slack = deps.config.slack;
  if (!slack) throw new Error('slack: the config has no `slack:` section, so /slack/interactions is not served');
  const log = logOf(deps);
  const knownCase = knownCaseCheck(deps.config, deps.state, log);
  // built per invocation from the (cached) token; the group cache outlives invocations
  let api: SlackWebApi | undefined;
  const groups = cachedUserGroups((group) => api!.usergroupsUsersList(group), deps.clock);

  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = fromApiGatewayV2(event);
    if (request.method !== 'POST') {
      deps.metrics.count('SlackInteractionRejected', 1, { reason: 'method' });
      return { ...jsonError(405, `use POST ${SLACK_INTERACTIONS_PATH}`, 'method'), headers: { 'content-type': 'application/json', allow: 'POST' } };
    }
    let signingSecret: string;
    let botToken: string;
    try {
      [signingSecret, botToken] = await Promise.all([deps.secrets.get(slack.signingSecret), deps.secrets.get(slack.botToken)]);
    } catch (error) {
      log.error('slack secrets not available', { error: (error as Error).message });
      return jsonError(500, 'internal error: the Slack secrets are not available');
    }
    api = createSlackWebApi({ http: deps.http, apiUrl: slack.apiUrl, botToken, timeoutMs: 2500 });
    try {
      const reply = await handleSlackInteraction(
        { headers: request.headers, rawBody: request.body },
        {
          allow: slack.allow,
          thehiveVersion: deps.config.thehive?.version ?? 5,
          signingSecret,
          slack: api,
          groups,
          queue: deps.queue,
          actionsQueueUrl: deps.actionsQueueUrl,
          clock: deps.clock,
          log,
          metrics: deps.metrics,
          ...(knownCase ? { knownCase } : {}),
        },
      );
      return toResult(reply);
    } catch (error) {
      log.error('slack interaction failed', { error: (error as Error).message });
      return jsonError(500, 'internal error: the action was not taken');
    }
  };

  return wrapHandler(handle, deps);
}
