/**
 * The relay's one DynamoDB table (idempotency records, case ↔ Slack message, function runs):
 * pk/sk strings, on demand, TTL on `expiresAt`, point-in-time recovery.
 * Kept on stack deletion: it holds what lets a redeployed relay update the messages it already
 * posted, and PITR history. Its logical id must never change (construct id `StateTable`).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

export const TTL_ATTRIBUTE = 'expiresAt';

export function createStateTable(scope: Construct): Table {
  return new Table(scope, 'StateTable', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
