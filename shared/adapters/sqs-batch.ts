/** SQS partial batch responses for the queue-fed Lambdas (notify, translate, Slack act). */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * An SQS batch handler: a record whose handler throws (see shared/delivery/retry-later.ts) is
 * reported in batchItemFailures and comes back after its visibility timeout; the others are
 * deleted by the event source mapping.
 */
export function sqsBatchHandler(recordHandler: (record: SQSRecord) => Promise<unknown>): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    // a processor per invocation: it holds the batch's state
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  };
}
