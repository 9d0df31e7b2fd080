/** Small IAM helpers shared by the stack and its constructs. */
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * Producers may send (SendMessage also authorises SendMessageBatch), nothing else: no receive,
 * delete or attribute calls, so they can never consume a queue.
 */
export function grantSendOnly(grantee: IGrantable, queue: IQueue): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
}
