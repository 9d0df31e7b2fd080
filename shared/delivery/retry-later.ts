/**
 * Thrown by an SQS record handler for a record that should come back after its visibility
 * timeout: the batch processor reports it in batchItemFailures instead of acknowledging it.
 * Used by the notify, translate and Slack act queues alike.
 */
export class RetryLater extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RetryLater';
  }
}
