/**
 * The translate Lambda's handler (one per function, fed by its queue): each record is a run to
 * translate into TheHive. Partial batch responses: a record to retry is reported in
 * batchItemFailures; done and parked ones are deleted by the event source mapping.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logOf, wrapHandler } from '../../shared/adapters/lambda.js';
import { sqsBatchHandler } from '../../shared/adapters/sqs-batch.js';
import type { RelayConfig } from '../../shared/config/schema.js';
import { RetryLater } from '../../shared/delivery/retry-later.js';
import { handleTranslateRecord, type FunctionRecordResult, type WorkerDeps } from '../../shared/functions/worker.js';
import type { Metrics } from '../../shared/ports.js';

export interface TranslateHandlerDeps extends Omit<WorkerDeps, 'functions' | 'thehive' | 'store'> {
  config: RelayConfig;
  state: WorkerDeps['store'];
  logger: Logger;
  metrics?: Metrics;
  powertoolsMetrics?: PowertoolsMetrics;
  /** observes each record's result (local runtime output, tests) */
  onResult?: (result: FunctionRecordResult, record: SQSRecord) => void;
}

export type TranslateHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;


export function createTranslateHandler(deps: TranslateHandlerDeps): TranslateHandler {
  const workerDeps: WorkerDeps = { ...deps, functions: deps.config.functions, thehive: deps.config.thehive, store: deps.state };
  // the Powertools logger only, as ever (not the local runtime's `log`)
  const recordDeps = { ...workerDeps, log: logOf({ logger: deps.logger }) };

  const recordHandler = (record: SQSRecord) =>
    handleTranslateRecord(
      { ...record, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') },
      { ...recordDeps, onResult: (result) => deps.onResult?.(result, record) },
    );

  return wrapHandler(sqsBatchHandler(recordHandler), deps);
}
