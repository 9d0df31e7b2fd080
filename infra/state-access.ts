/**
 * IAM on the state table: each Lambda may make only the item calls its code makes, and only on
 * the partitions it owns (`dynamodb:LeadingKeys`, which Query obeys too). No Lambda may Scan,
 * call Batch*, ConditionCheckItem or DescribeTable, or read the stream, so the public ingest and
 * the notifiers (which call third-party URLs and render user templates) can neither read nor
 * overwrite another component's records.
 *
 * Partition keys (pk) and the code that builds them:
 *   EVENT#<event key>         ingest's dedupe mark                      shared/ingest/dedupe-mark.ts
 *   MEM#<notifier>            a case's memory, and its first-post claim  shared/delivery/memory-key.ts, first-post.ts
 *   IDEMP#<notifier>#<hash>   idempotency records (Powertools)           shared/adapters/idempotency.ts
 *   FN#<function>             runs, payload parts, STATUS, DEDUPE marks  shared/functions/runs.ts
 *   SLACKACT#<action id>      a Slack action's finished steps            shared/slack/act.ts
 * Where a builder is exported, the pattern is made with it; test/infra/state-access.test.ts
 * runs each component's code against DynamoDB and checks every call against these grants.
 */
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { memoryItemKey } from '../shared/delivery/memory-key.js';
import { functionPk } from '../shared/functions/runs.js';
import { dedupeKey } from '../shared/ingest/dedupe-mark.js';

/** The item calls of DynamoStateStore and Powertools' DynamoDBPersistenceLayer. */
export type StateAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';

export interface StateAccess {
  actions: readonly StateAction[];
  /** `dynamodb:LeadingKeys` patterns, StringLike (`*`: any characters) */
  partitions: readonly string[];
}

/**
 * A notifier or function name inside a pattern. The config allows a-z, 0-9 and `-` only
 * (shared/config/schema.ts); a `*`, `?` or `#` would widen the grant to other partitions.
 */
function literal(name: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`state access: "${name}" is not a valid notifier or function name`);
  return name;
}

const memoryPartition = (notifier: string) => memoryItemKey(literal(notifier), '').pk;

export const stateAccess = {
  /** the dedupe mark: conditional put, read, confirm, release */
  ingest: (): StateAccess => ({
    actions: ['GetItem', 'PutItem', 'DeleteItem'],
    partitions: [`${dedupeKey('').pk}*`],
  }),
  /**
   * its case memory and first-post claims (same partition), and its idempotency records
   * (Powertools: get, conditional put, update on completion, delete after a failure)
   */
  notifier: (name: string): StateAccess => ({
    actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
    partitions: [memoryPartition(name), `IDEMP#${literal(name)}#*`],
  }),
  /** a translate worker reads its function's runs and updates them and the STATUS counters */
  translate: (fn: string): StateAccess => ({
    actions: ['GetItem', 'UpdateItem'],
    partitions: [functionPk(literal(fn))],
  }),
  /** the intake stores runs and dedupe marks of every function, and lists runs for GET (Query) */
  functionIntake: (functions: readonly string[]): StateAccess => ({
    actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
    partitions: functions.map((fn) => functionPk(literal(fn))),
  }),
  /** the act worker remembers each action's finished steps */
  slackActions: (): StateAccess => ({
    actions: ['GetItem', 'UpdateItem'],
    partitions: ['SLACKACT#*'],
  }),
  /** the interactions check reads the case messages the interactive Slack notifiers remember */
  slackInteractions: (interactiveNotifiers: readonly string[]): StateAccess => ({
    actions: ['GetItem'],
    partitions: interactiveNotifiers.map(memoryPartition),
  }),
};

/**
 * Grant `access` on the table (no statement when it names no partition: that Lambda never
 * touches the table). The table is encrypted with an AWS owned key, so no KMS grant is needed.
 */
export function grantStateAccess(grantee: IGrantable, table: ITable, access: StateAccess): PolicyStatement | undefined {
  if (!access.partitions.length) return undefined;
  const statement = new PolicyStatement({
    effect: Effect.ALLOW,
    actions: access.actions.map((action) => `dynamodb:${action}`),
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...access.partitions] } },
  });
  grantee.grantPrincipal.addToPrincipalPolicy(statement);
  return statement;
}
