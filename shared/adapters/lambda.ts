/**
 * The Lambda edge every handler in functions/ shares: the Powertools middleware around a
 * handler and the log the use case writes to. SQS partial batch responses are in sqs-batch.ts,
 * so the HTTP handlers' bundles do not carry the batch package.
 */
import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { Log } from '../ports.js';

export interface LambdaEdgeDeps {
  logger: Logger;
  /** when given, its metrics are flushed after each invocation (EMF) */
  powertoolsMetrics?: PowertoolsMetrics;
}

/** `handle` with the Lambda context in every log line and, when given, metrics flushed per invocation. */
export function wrapHandler<E, R>(handle: (event: E, context: Context) => Promise<R>, deps: LambdaEdgeDeps): (event: E, context: Context) => Promise<R> {
  const handler = middy(handle).use(injectLambdaContext(deps.logger));
  if (deps.powertoolsMetrics) handler.use(logMetrics(deps.powertoolsMetrics));
  return handler as unknown as (event: E, context: Context) => Promise<R>;
}

/** The use case's log: `deps.log` when given, else the Powertools logger. */
export const logOf = (deps: { logger: Logger; log?: Log }): Log => deps.log ?? (deps.logger as unknown as Log);
