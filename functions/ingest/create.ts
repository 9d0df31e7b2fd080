/**
 * The ingest Lambda's handler, built from its dependencies so that the Lambda (handler.ts,
 * AWS adapters) and the local runtime (local/, emulators) run the very same code.
 * Routes: POST /webhooks/thehive → ingest; GET /health → ok.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logOf, wrapHandler } from '../../shared/adapters/lambda.js';
import { ingest, type IngestDeps } from '../../shared/ingest/ingest.js';
import { fromApiGatewayV2, toApiGatewayV2 } from '../../shared/http/api-gateway.js';
import { errorResponse } from '../../shared/http/types.js';
import type { Log } from '../../shared/ports.js';

export const INGEST_PATH = '/webhooks/thehive';
export const HEALTH_PATH = '/health';

export interface IngestHandlerDeps extends Omit<IngestDeps, 'log'> {
  logger: Logger;
  /** use-case log lines; defaults to `logger` */
  log?: Log;
  /** when given, its metrics are flushed after each invocation (EMF) */
  powertoolsMetrics?: PowertoolsMetrics;
}

export type IngestHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export function createIngestHandler(deps: IngestHandlerDeps): IngestHandler {
  const log = logOf(deps);
  const useCaseDeps: IngestDeps = { ...deps, log };

  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = fromApiGatewayV2(event);
    const refuse = (status: number, error: string, field: string, headers?: Record<string, string>) => {
      deps.metrics.count('IngestRejected', 1, { reason: 'route' });
      return toApiGatewayV2(errorResponse(status, error, field, headers));
    };
    if (request.path === HEALTH_PATH) {
      if (request.method !== 'GET') return refuse(405, `use GET ${HEALTH_PATH}`, 'method', { allow: 'GET' });
      deps.metrics.count('HealthCheck');
      // anyone may call it: it tells that the relay answers, not how it is configured
      return toApiGatewayV2({ status: 200, body: { status: 'ok' } });
    }
    if (request.path !== INGEST_PATH) return refuse(404, `no route ${request.path}`, 'path');
    if (request.method !== 'POST') return refuse(405, `use POST ${INGEST_PATH}`, 'method', { allow: 'POST' });
    try {
      return toApiGatewayV2(await ingest(request, useCaseDeps));
    } catch (error) {
      log.error('ingest failed', { error: (error as Error).message });
      deps.metrics.count('IngestFailed', 1, { reason: 'internal' });
      return toApiGatewayV2(errorResponse(500, 'internal error: the event was not accepted'));
    }
  };

  return wrapHandler(handle, deps);
}
