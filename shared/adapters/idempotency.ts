/**
 * OnceStore with Powertools idempotency (`makeIdempotent` + DynamoDBPersistenceLayer) on the
 * relay's table: pk `IDEMP#<notifier>#<hash of the key>`, sk `IDEMP`, TTL attribute
 * `expiresAt`. (Powertools' own composite-key mode puts every record in one static
 * partition; keying each record by its hash spreads writes across partitions.) Records live
 * 15 days, longer than a DLQ keeps a message (14 days), so a redrive never posts a delivered
 * request twice.
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { AlreadyInProgressError, type DeliveredRecord, type OnceKey, type OnceStore } from '../delivery/once.js';

export const IDEMPOTENCY_TTL_SECONDS = 15 * 24 * 3600;
const IDEMPOTENCY_SORT_KEY = 'IDEMP';

/** The relay table's key for a Powertools record: the record's own partition. */
class RelayPersistenceLayer extends DynamoDBPersistenceLayer {
  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    return { pk: { S: idempotencyKey }, sk: { S: IDEMPOTENCY_SORT_KEY } };
  }
}

interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

type Runner = (key: OnceKey, work: () => Promise<DeliveredRecord>, fresh: { ran: boolean }) => Promise<DeliveredRecord>;

export class PowertoolsOnceStore implements OnceStore {
  private readonly runners = new Map<string, { runner: Runner; config: IdempotencyConfig }>();
  private context: LambdaContextLike;

  constructor(
    private readonly options: {
      client: DynamoDBClient;
      tableName: string;
      expiresAfterSeconds?: number;
      /** how long an in-progress mark blocks a redelivery when no Lambda context tells the time left */
      defaultInProgressMs?: number;
    },
  ) {
    const fallback = options.defaultInProgressMs ?? 5 * 60_000;
    this.context = { getRemainingTimeInMillis: () => fallback };
  }

  /** In Lambda: an in-progress mark expires with the invocation, so a crash does not block retries. */
  registerContext(context: LambdaContextLike): void {
    this.context = context;
    for (const { config } of this.runners.values()) config.registerLambdaContext(context as never);
  }

  private runnerFor(notifier: string) {
    let entry = this.runners.get(notifier);
    if (!entry) {
      const persistenceStore = new RelayPersistenceLayer({
        tableName: this.options.tableName,
        keyAttr: 'pk',
        expiryAttr: 'expiresAt',
        awsSdkV3Client: this.options.client,
      });
      const config = new IdempotencyConfig({ expiresAfterSeconds: this.options.expiresAfterSeconds ?? IDEMPOTENCY_TTL_SECONDS });
      config.registerLambdaContext(this.context as never);
      const runner = makeIdempotent(
        async (_key: OnceKey, work: () => Promise<DeliveredRecord>, fresh: { ran: boolean }) => {
          fresh.ran = true;
          return work();
        },
        { persistenceStore, config, keyPrefix: `IDEMP#${notifier}`, dataIndexArgument: 0 },
      ) as Runner;
      entry = { runner, config };
      this.runners.set(notifier, entry);
    }
    return entry.runner;
  }

  async once(key: OnceKey, work: () => Promise<DeliveredRecord>): Promise<{ record: DeliveredRecord; replayed: boolean }> {
    const fresh = { ran: false };
    try {
      const record = await this.runnerFor(key.notifier)({ ...key }, work, fresh);
      return { record, replayed: !fresh.ran };
    } catch (error) {
      if ((error as Error).name === 'IdempotencyAlreadyInProgressError') throw new AlreadyInProgressError(key);
      throw error;
    }
  }
}
