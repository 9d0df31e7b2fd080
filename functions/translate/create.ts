/**
 * The translate Lambda's handler (one per function, fed by its queue): each record is a run to
 * translate into TheHive. Partial batch responses: a record to retry is reported in
 * batchItemFailures; done and parked ones are deleted by the event source mapping.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { wrapHandler } from '../../shared/adapters/lambda.js';
import { sqsBatchHandler } from '../../shared/adapters/sqs-batch.js';
import type { RelayConfig } from '../../shared/config/schema.js';
import { RetryLater } from '../../shared/delivery/retry-later.js';
import { processFunctionRecord, type WorkerDeps } from '../../shared/functions/worker.js';
import type { Metrics } from '../../shared/ports.js';

export interface TranslateHandlerDeps extends Omit<WorkerDeps, 'functions' | 'thehive' | 'store'> {
  config: RelayConfig;
  state: WorkerDeps['store'];
  logger: Logger;
  metrics?: Metrics;
  powertoolsMetrics?: PowertoolsMetrics;
  /** observes each record's result (local runtime output, tests) */
  onResult?: (result: Awaited<ReturnType<typeof processFunctionRecord>>, record: SQSRecord) => void;
}

export type TranslateHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Thrown for a run to retry after the visibility timeout (the name this module always exported). */
export { RetryLater as RetryRunError };

export function createTranslateHandler(deps: TranslateHandlerDeps): TranslateHandler {
  const workerDeps: WorkerDeps = { ...deps, functions: deps.config.functions, thehive: deps.config.thehive, store: deps.state };

  const recordHandler = async (record: SQSRecord) => {
    const result = await processFunctionRecord({ body: record.body, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') }, workerDeps);
    deps.onResult?.(result, record);
    const fields = { messageId: record.messageId, outcome: result.kind };
    switch (result.kind) {
      case 'done':
        deps.logger.info('run done', { ...fields, status: result.status, alerts: result.alerts.map((a) => ({ sourceRef: a.sourceRef, id: a.id, outcome: a.outcome })) });
        deps.metrics?.count('FunctionRunDone', 1, { status: result.status });
        return result.kind;
      case 'parked':
        deps.logger.warn('run parked in the DLQ', { ...fields, reason: result.reason });
        deps.metrics?.count('FunctionRunParked');
        return result.kind;
      case 'retry':
        deps.logger.warn('run will be retried', { ...fields, error: result.error.message });
        deps.metrics?.count('FunctionRunRetried');
        throw new RetryLater(result.error.message);
      default:
        // no DLQ URL: leave it to the queue's redrive policy
        throw new RetryLater(result.failure.reason);
    }
  };

  return wrapHandler(sqsBatchHandler(recordHandler), deps);
}
