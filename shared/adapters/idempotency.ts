/**
 * OnceStore with Powertools idempotency (`makeIdempotent` + DynamoDBPersistenceLayer) on the
 * relay's table: pk `IDEMP#<notifier>#<hash of the key>`, sk `IDEMP`, TTL attribute
 * `expiresAt`. (Powertools' own composite-key mode puts every record in one static
 * partition; keying each record by its hash spreads writes across partitions.) Records live
 * 15 days, longer than a DLQ keeps a message (14 days), so a redrive never posts a delivered
 * request twice.
 *
 * When the request went through but its record could not be marked completed (throttling, a
 * network error), the delivery still counts as done: the completing write is retried a few
 * times, then given up with a warning. Failing the delivery instead would send the message back
 * and, once the in-progress mark expired, post it again.
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { AlreadyInProgressError, type DeliveredRecord, type OnceKey, type OnceStore } from '../delivery/once.js';
import type { Log } from '../ports.js';
import { retryWrite } from '../delivery/retry-write.js';

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
  private readonly runners = new Map<string, { runner: Runner; config: IdempotencyConfig; store: RelayPersistenceLayer }>();
  private context: LambdaContextLike;

  constructor(
    private readonly options: {
      client: DynamoDBClient;
      tableName: string;
      expiresAfterSeconds?: number;
      /** how long an in-progress mark blocks a redelivery when no Lambda context tells the time left */
      defaultInProgressMs?: number;
      /** where a completing write given up is reported (console.warn when absent) */
      log?: Pick<Log, 'warn'>;
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
      entry = { runner, config, store: persistenceStore };
      this.runners.set(notifier, entry);
    }
    return entry;
  }

  async once(key: OnceKey, work: () => Promise<DeliveredRecord>): Promise<{ record: DeliveredRecord; replayed: boolean }> {
    const fresh = { ran: false };
    // what work() resolved to: after it, only the completing write can fail
    let done: DeliveredRecord | undefined;
    const tracked = async () => (done = await work());
    const { runner, store } = this.runnerFor(key.notifier);
    try {
      const record = await runner({ ...key }, tracked, fresh);
      return { record, replayed: !fresh.ran };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'IdempotencyAlreadyInProgressError') throw new AlreadyInProgressError(key);
      if (done === undefined || name !== 'IdempotencyPersistenceLayerError') throw error;
      await this.complete(store, key, done);
      return { record: done, replayed: false };
    }
  }

  /** Retries marking a done request completed (its first try was Powertools'); never throws: the request went through. */
  private async complete(store: RelayPersistenceLayer, key: OnceKey, record: DeliveredRecord): Promise<void> {
    // the payload Powertools hashed: the key object (dataIndexArgument 0)
    const failed = await retryWrite(() => store.saveSuccess({ ...key }, record as unknown as Parameters<RelayPersistenceLayer['saveSuccess']>[1]));
    if (failed === undefined) return;
    const warn = this.options.log ? this.options.log.warn.bind(this.options.log) : console.warn;
    warn('idempotency: the request went through but its record could not be marked completed; a duplicate SQS delivery may repeat it', {
      notifier: key.notifier,
      request: key.request,
      error: failed instanceof Error ? failed.message : String(failed),
    });
  }
}
