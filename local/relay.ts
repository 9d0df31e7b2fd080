/**
 * The whole relay on one machine: the HTTP API (same handlers as the Lambdas), a queue and
 * DLQ per worker in fauxqs, a poller per worker playing the event source mapping, the state
 * table in dynalite, and a TTL sweep. `npm start` runs it (local/main.ts); tests start it on
 * an ephemeral port with short poll and visibility times.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { RelayConfig } from '../shared/config/schema.js';
import type { SecretRef } from '../shared/config/secret-ref.js';
import { collectSecretRefs } from '../shared/config/find-secret-refs.js';
import { createSqsClient, SqsQueueClient } from '../shared/adapters/sqs.js';
import { ensureQueuePair, type QueuePair } from '../shared/adapters/sqs-queues.js';
import { createDynamoClient, DynamoStateStore } from '../shared/adapters/dynamodb.js';
import { LocalSecretResolver } from '../shared/adapters/secrets-local.js';
import { NodeHttpClient } from '../shared/adapters/http.js';
import { FolderEmailSender } from '../shared/adapters/email-folder.js';
import { InMemoryMetrics } from '../shared/adapters/metrics.js';
import { PowertoolsOnceStore } from '../shared/adapters/idempotency.js';
import { authHeaders, authSecretRefs } from '../shared/http/inbound-auth.js';
import type { SQSRecord } from 'aws-lambda';
import type { DeliveryResult } from '../shared/delivery/deliver.js';
import type { Log } from '../shared/ports.js';
import { startEmulators } from './emulators.js';
import { consoleLog, type LocalLogLevel } from './console-log.js';
import { queueKey, visibilityFor, type LocalContext } from './context.js';
import { startHttpServer } from './http-server.js';
import { startPoller, type Poller } from './poller.js';
import { buildRoutes } from './routes.js';
import { buildWorkers } from './workers.js';
import { startTtlSweep } from './ttl-sweep.js';

export interface LocalRelayOptions {
  config: RelayConfig;
  configPath?: string;
  /** default 3000; 0 = any free port */
  port?: number;
  host?: string;
  /** keep the state table (dynalite LevelDB) and the email outbox in this folder */
  dataDir?: string;
  /** environment for secrets (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** local secrets file (default: HIVE_RELAY_SECRETS, else .hive-relay/secrets.env when present) */
  secretsFile?: string;
  /** where `.hive-relay/` is looked for (default: the current directory) */
  cwd?: string;
  /** make up the ingest credentials when their secrets are unset (default true) */
  devCredentials?: boolean;
  /** SQS long-poll wait of the pollers (default 20, like the ESM; tests use 1) */
  pollWaitSeconds?: number;
  /** visibility timeout of worker queues: how soon a failed message is retried (default: the worker's timeout + 5 s, at least 30 s) */
  visibilitySeconds?: number;
  /** batches each worker processes at once, like concurrent Lambda invocations (default 2) */
  concurrency?: number;
  /** how often expired state items are deleted (default 60 s) */
  ttlSweepMs?: number;
  logLevel?: LocalLogLevel;
  /** log lines (default stdout) */
  write?: (line: string) => void;
  /** what the console notifier prints (default stdout) */
  consoleSink?: (line: string) => void;
  /** observes each delivery's result and the SQS record it came from */
  onDelivery?: (result: DeliveryResult, record: SQSRecord) => void;
  tableName?: string;
}

export interface IngestCredentials {
  type: RelayConfig['ingest']['auth']['type'];
  /** header name → value a caller sends (absent for type none) */
  headers: Record<string, string>;
  /** true when the secret was unset and made up for this run */
  generated: boolean;
  /** the secrets involved */
  secrets: string[];
}

export interface LocalRelay {
  url: string;
  port: number;
  webhookUrl: string;
  config: RelayConfig;
  credentials: IngestCredentials;
  /** `${kind}:${name}` → queue and DLQ, e.g. `notifier:soc-webhook` */
  queues: Record<string, QueuePair>;
  queue: SqsQueueClient;
  state: DynamoStateStore;
  metrics: InMemoryMetrics;
  sqsEndpoint: string;
  dynamoEndpoint: string;
  /** secret references no local value was found for (deliveries using them will fail) */
  missingSecrets: string[];
  stop(): Promise<void>;
}

const devSecret = () => `dev-${randomBytes(18).toString('base64url')}`;

export async function startLocalRelay(options: LocalRelayOptions): Promise<LocalRelay> {
  const config = options.config;
  const log: Log = consoleLog(options.logLevel ?? 'info', options.write);
  const tableName = options.tableName ?? 'hive-relay-state';
  const env = options.env ?? process.env;

  // ingest credentials: made up for this run when unset, so `npm start` works out of the box
  const dev: Record<string, string> = {};
  const cwd = options.cwd ?? process.cwd();
  const probe = new LocalSecretResolver({ env, file: options.secretsFile, cwd });
  let generated = false;
  if (options.devCredentials !== false) {
    for (const ref of authSecretRefs(config.ingest.auth)) {
      if (probe.lookup(ref.secret) === undefined) {
        dev[ref.secret] = devSecret();
        generated = true;
      }
    }
  }
  const secrets = new LocalSecretResolver({ env, file: options.secretsFile, cwd, values: dev });
  const missingSecrets = collectSecretRefs(config)
    .map((ref: SecretRef) => ref.secret)
    .filter((name, index, all) => all.indexOf(name) === index && secrets.lookup(name) === undefined);
  const credentials = ingestCredentials(config, secrets, generated);

  const emulators = await startEmulators({
    dataDir: options.dataDir,
    tableName,
    onCrash: (error) => log.error('the emulators (fauxqs, dynalite) stopped; queues and state are unavailable', { error: error.message }),
  });
  const clock = { now: () => Date.now() };
  const queue = new SqsQueueClient(emulators.sqs);
  // long polls on a client of their own: a call with an abort signal clears the SDK's
  // middleware cache of its client (see createSqsClient)
  const pollSqs = createSqsClient({ endpoint: emulators.sqsEndpoint, requestHandler: emulators.requestHandlers.sqs });
  const pollQueue = new SqsQueueClient(pollSqs);
  const state = new DynamoStateStore(emulators.dynamo, tableName, clock);
  // the idempotency records' client: plain DynamoDB commands, so its middleware can be cached
  const onceDynamo = createDynamoClient({ endpoint: emulators.dynamoEndpoint, cacheMiddleware: true, requestHandler: emulators.requestHandlers.dynamodb });
  const visibilitySeconds = options.visibilitySeconds;
  const queues: Record<string, QueuePair> = {};

  const ctx: LocalContext = {
    config,
    configPath: options.configPath,
    emulators,
    queue,
    state,
    tableName,
    newOnceStore: () => new PowertoolsOnceStore({ client: onceDynamo, tableName, log }),
    secrets,
    http: new NodeHttpClient({ allowHosts: config.allowHosts, allowLoopback: true, userAgent: 'hive-relay (local)' }),
    email: new FolderEmailSender(options.dataDir ? join(options.dataDir, 'outbox') : join(cwd, '.hive-relay', 'outbox'), clock),
    clock,
    metrics: new InMemoryMetrics(),
    logger: new Logger({ serviceName: 'hive-relay-local', logLevel: 'SILENT' }),
    log,
    consoleSink: options.consoleSink ?? ((line) => process.stdout.write(`${line}\n`)),
    queues,
    async queuePair(kind, name, maxReceiveCount) {
      const key = queueKey(kind, name);
      // the RedrivePolicy is one receive above the worker's own limit: the worker parks a
      // message with its reason first; SQS moves it only if the worker could not
      queues[key] ??= await ensureQueuePair(emulators.sqs, `${kind}-${name}`, { maxReceiveCount: maxReceiveCount + 1, visibilitySeconds: visibilitySeconds ?? 30 });
      return queues[key];
    },
    options: { pollWaitSeconds: options.pollWaitSeconds ?? 20, visibilitySeconds, onDelivery: options.onDelivery },
  };

  const pollers: Poller[] = [];
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  let sweep: { stop(): void } | undefined;
  const stop = async () => {
    await server?.close();
    await Promise.all(pollers.map((poller) => poller.stop()));
    sweep?.stop();
    pollSqs.destroy();
    onceDynamo.destroy();
    await emulators.stop();
  };
  try {
    // workers first: they create the queues the routes send to
    const workers = await buildWorkers(ctx);
    const routes = buildRoutes(ctx);
    for (const worker of workers) {
      const concurrency = worker.concurrency ?? options.concurrency ?? 2;
      pollers.push(
        startPoller(worker, { queue: pollQueue, log, waitSeconds: ctx.options.pollWaitSeconds, visibilitySeconds: visibilityFor(worker.timeoutSeconds, visibilitySeconds), concurrency }),
      );
    }
    sweep = startTtlSweep(state, options.ttlSweepMs ?? 60_000, log);
    server = await startHttpServer(routes, { host: options.host ?? '127.0.0.1', port: options.port ?? 3000, log });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return {
    url: server.url,
    port: server.port,
    webhookUrl: `${server.url}/webhooks/thehive`,
    config,
    credentials,
    queues,
    queue,
    state,
    metrics: ctx.metrics,
    sqsEndpoint: emulators.sqsEndpoint,
    dynamoEndpoint: emulators.dynamoEndpoint,
    missingSecrets,
    stop,
  };
}

function ingestCredentials(config: RelayConfig, secrets: LocalSecretResolver, generated: boolean): IngestCredentials {
  const auth = config.ingest.auth;
  const headers = authHeaders(auth, (ref) => secrets.lookup(ref.secret) || '<unset>');
  return { type: auth.type, headers, generated, secrets: authSecretRefs(auth).map((ref) => ref.secret) };
}
