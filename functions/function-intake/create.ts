/**
 * The function intake Lambda's handler: POST /functions/{name} (a source posts an alert) and
 * GET /functions/{name} (status), built from its dependencies so the Lambda and the local
 * runtime run the same code.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logOf, wrapHandler } from '../../shared/adapters/lambda.js';
import type { RelayConfig } from '../../shared/config/schema.js';
import type { IntakeDeps } from '../../shared/functions/deps.js';
import { serveFunctionRequest, type ServeDeps } from '../../shared/functions/intake.js';
import { fromApiGatewayV2, toApiGatewayV2 } from '../../shared/http/api-gateway.js';
import { errorResponse } from '../../shared/http/types.js';
import type { Log, Metrics } from '../../shared/ports.js';

export const FUNCTION_PATH = '/functions/{name}';

export interface FunctionIntakeHandlerDeps extends Omit<IntakeDeps, 'functions' | 'thehive' | 'store' | 'queueUrl' | 'newId'> {
  config: RelayConfig;
  state: IntakeDeps['store'];
  /** function name → queue URL */
  queueUrls: Record<string, string>;
  logger: Logger;
  /** use-case warnings; defaults to `logger` */
  log?: Log;
  metrics?: Metrics;
  powertoolsMetrics?: PowertoolsMetrics;
  newId?: () => string;
}

export type FunctionIntakeHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const nameFrom = (event: APIGatewayProxyEventV2) => {
  if (event.pathParameters?.name) return event.pathParameters.name;
  try {
    return decodeURIComponent(/^\/functions\/([^/]+)\/?$/.exec(event.rawPath ?? '')?.[1] ?? '');
  } catch {
    return ''; // a malformed escape names no function
  }
};

export function createFunctionIntakeHandler(deps: FunctionIntakeHandlerDeps): FunctionIntakeHandler {
  const useCaseDeps: ServeDeps = {
    ...deps,
    log: logOf(deps),
    // request lines go to the Powertools logger only (not the local runtime's `log`)
    requestLog: logOf({ logger: deps.logger }),
    functions: deps.config.functions,
    thehive: deps.config.thehive,
    store: deps.state,
    queueUrl: (name) => deps.queueUrls[name],
    newId: deps.newId ?? (() => randomBytes(8).toString('hex')),
  };

  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const name = nameFrom(event);
    if (!name) return toApiGatewayV2(errorResponse(404, `no route ${event.rawPath}`, 'path'));
    const request = fromApiGatewayV2(event);
    return toApiGatewayV2(await serveFunctionRequest(name, { ...request, query: request.query ?? {} }, useCaseDeps));
  };

  return wrapHandler(handle, deps);
}
