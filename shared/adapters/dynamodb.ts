/**
 * StateStore over DynamoDB (lib-dynamodb). One table, `pk`/`sk` strings, TTL attribute
 * `expiresAt` (epoch seconds). TTL deletion is lazy on AWS (and a sweep locally), so expired
 * items are filtered on every read and do not block a conditional put.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock, StateItem, StateStore } from '../ports.js';
import { signForEmulator } from './emulator-client.js';

export function createDynamoClient(
  options: {
    endpoint?: string;
    region?: string;
    /**
     * with an emulator endpoint: resolve each command's middleware once, not per call. Not for
     * a client wrapped in DynamoDBDocumentClient (DynamoStateStore), which refuses it.
     */
    cacheMiddleware?: boolean;
    /** with an emulator endpoint: how requests reach it (default: HTTP) */
    requestHandler?: DynamoDBClientConfig['requestHandler'];
  } = {},
): DynamoDBClient {
  const config: DynamoDBClientConfig = { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1' };
  if (!options.endpoint) return new DynamoDBClient(config);
  config.endpoint = options.endpoint;
  config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  if (options.cacheMiddleware) config.cacheMiddleware = true;
  if (options.requestHandler) config.requestHandler = options.requestHandler;
  return signForEmulator(new DynamoDBClient(config));
}

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoStateStore implements StateStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  private nowSeconds() {
    return Math.floor(this.clock.now() / 1000);
  }

  private live(item: Record<string, unknown> | undefined): StateItem | undefined {
    if (!item) return undefined;
    const expiresAt = item.expiresAt;
    if (typeof expiresAt === 'number' && expiresAt <= this.nowSeconds()) return undefined;
    return item as StateItem;
  }

  async putIfAbsent(item: StateItem): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // an expired item that TTL has not removed yet counts as absent (a comparison with a
          // missing attribute is false, so an item without expiresAt stays present). No
          // parentheses: dynalite's expression parser backtracks on them, ~8× the CPU per put.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': this.nowSeconds() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async put(item: StateItem): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async get(pk: string, sk: string): Promise<StateItem | undefined> {
    const result = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return this.live(result.Item);
  }

  async delete(pk: string, sk: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
  }

  async query(pk: string, options: { limit?: number; descending?: boolean; skPrefix?: string } = {}): Promise<StateItem[]> {
    const found: StateItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: options.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(options.skPrefix ? { ':prefix': options.skPrefix } : {}) },
          ScanIndexForward: !options.descending,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        const live = this.live(item);
        if (live) found.push(live);
        if (options.limit && found.length >= options.limit) return found;
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async update(pk: string, sk: string, changes: { add?: Record<string, number>; set?: Record<string, unknown> }): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const adds: string[] = [];
    let n = 0;
    for (const [name, value] of Object.entries(changes.set ?? {})) {
      names[`#a${n}`] = name;
      values[`:v${n}`] = value;
      sets.push(`#a${n} = :v${n}`);
      n++;
    }
    for (const [name, value] of Object.entries(changes.add ?? {})) {
      names[`#a${n}`] = name;
      values[`:v${n}`] = value;
      adds.push(`#a${n} :v${n}`);
      n++;
    }
    if (!n) return;
    const expression = [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' ');
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk },
        UpdateExpression: expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Deletes items whose `expiresAt` has passed (what DynamoDB TTL does on AWS); returns how many. */
  async sweepExpired(): Promise<number> {
    let removed = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'expiresAt <= :now',
          ExpressionAttributeValues: { ':now': this.nowSeconds() },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        await this.delete(item.pk as string, item.sk as string);
        removed++;
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return removed;
  }
}

/** Creates the relay's table (pk/sk strings, on demand) when it does not exist; waits until ACTIVE. */
export async function ensureStateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let tries = 0; tries < 100; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
