/**
 * The public HTTP endpoints. API Gateway HTTP API (v2) rather than REST API (v1):
 *   - about 70 % cheaper ($1.00 vs $3.50 per million requests) and simpler (no deployments,
 *     Lambda proxy payload 2.0);
 *   - what REST adds does not help here: TheHive authenticates with a bearer, basic or header
 *     token (and Slack/sources with their own signatures), which only the Lambda can check
 *     (constant-time compare against the secret), so routes have no API Gateway authorizer;
 *   - no AWS WAF on HTTP APIs: put CloudFront + WAF in front if you need IP allow-lists or
 *     managed rules. Stage throttling caps abuse; access logs go to CloudWatch.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag.js';
import { LOG_RETENTION } from './relay-function.js';

/**
 * Requests per second (steady / burst) for the whole stage: a cap on abuse and cost, set well
 * above TheHive's bursts (a bulk alert import), because TheHive 4 never retries a refused post.
 */
export const API_THROTTLE = { rateLimit: 500, burstLimit: 1000 } as const;

/** JSON access log line; no headers (they carry credentials), no bodies. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
} as const;

const CALLERS_AUTHENTICATE =
  'Callers are TheHive, alert sources and Slack, which authenticate with a bearer/basic/header ' +
  'token or their own request signature: the Lambda behind the route checks it (constant time) ' +
  'and answers 401/403; an API Gateway authorizer cannot check these schemes without a second Lambda.';

export class RelayApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'hive-relay: TheHive webhooks, functions and Slack interactivity',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** Base URL, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }

  route(path: string, methods: HttpMethod[], handler: IFunction, integrationId: string, noAuthorizerReason = CALLERS_AUTHENTICATE) {
    const routes = this.api.addRoutes({ path, methods, integration: new HttpLambdaIntegration(integrationId, handler) });
    for (const route of routes) acknowledgeNag(route, 'APIG4', noAuthorizerReason);
    return routes;
  }
}
