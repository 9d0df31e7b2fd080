/**
 * The AWS services the relay uses, emulated on 127.0.0.1: fauxqs (SQS API, in memory) and
 * dynalite (DynamoDB API, in memory, or LevelDB files under `dataDir`). They run in a worker
 * thread (emulator-thread.mjs): their request handling then uses another core instead of
 * the relay's event loop. The relay reaches them through the same SDK clients and adapters as
 * on AWS; its own clients hand requests over a MessagePort (emulator-transport.ts), other
 * processes (the CLI) use their HTTP endpoints on 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSqsClient } from '../shared/adapters/sqs.js';
import { createDynamoClient, ensureStateTable } from '../shared/adapters/dynamodb.js';
import { EmulatorChannel, type EmulatorRequestHandler } from './emulator-transport.js';

// the SDK warns on every client about Node 20 support; the local runtime runs on Node 20 by design
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface Emulators {
  sqsEndpoint: string;
  dynamoEndpoint: string;
  /** SDK clients of the relay's process: requests go over the emulators' MessagePort */
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  /** request handlers for more SDK clients like `sqs` and `dynamo` */
  requestHandlers: { sqs: EmulatorRequestHandler; dynamodb: EmulatorRequestHandler };
  stop(): Promise<void>;
}

type ThreadMessage =
  | { type: 'ready'; sqsPort: number; dynamoPort: number }
  | { type: 'error'; message: string; code?: string }
  | { type: 'stopped' };

export async function startEmulators(
  options: {
    dataDir?: string;
    sqsPort?: number;
    dynamoPort?: number;
    tableName?: string;
    /** told when the emulators' thread dies while the relay runs */
    onCrash?: (error: Error) => void;
  } = {},
): Promise<Emulators> {
  let dataPath: string | undefined;
  if (options.dataDir) {
    dataPath = join(options.dataDir, 'dynamodb');
    mkdirSync(dataPath, { recursive: true });
  }
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(new URL('./emulator-thread.mjs', import.meta.url), {
    workerData: { dataPath, sqsPort: options.sqsPort ?? 0, dynamoPort: options.dynamoPort ?? 0, requests: port2 },
    transferList: [port2],
    // the parent's flags (e.g. tsx's loader) are not needed by plain JavaScript; a CPU
    // profile of the relay (`npm run bench -- --profile-relay=DIR`) covers this thread too
    execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
  });
  let stopping = false;
  const channel = new EmulatorChannel(port1);
  const ports = await new Promise<{ sqsPort: number; dynamoPort: number }>((resolve, reject) => {
    thread.once('message', (message: ThreadMessage) => {
      if (message.type === 'ready') return resolve(message);
      const error = Object.assign(new Error(message.type === 'error' ? message.message : 'emulators did not start'), { code: (message as { code?: string }).code });
      void thread.terminate();
      reject(error);
    });
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the emulators' thread exited (code ${code}) before it was ready`)));
  });
  thread.on('error', (error) => options.onCrash?.(error));
  thread.on('exit', (code) => {
    // requests in flight over the port would otherwise wait for ever
    channel.close();
    if (!stopping) options.onCrash?.(new Error(`the emulators' thread exited (code ${code})`));
  });

  // queue URLs read http://sqs.us-east-1.localhost:PORT/…; the SDK sends to the endpoint, not to that host
  const sqsEndpoint = `http://127.0.0.1:${ports.sqsPort}`;
  const dynamoEndpoint = `http://127.0.0.1:${ports.dynamoPort}`;
  const requestHandlers = { sqs: channel.handlerFor('sqs'), dynamodb: channel.handlerFor('dynamodb') };
  const sqs = createSqsClient({ endpoint: sqsEndpoint, requestHandler: requestHandlers.sqs });
  const dynamo = createDynamoClient({ endpoint: dynamoEndpoint, requestHandler: requestHandlers.dynamodb });
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // close the clients' keep-alive sockets first, so the servers close at once
    sqs.destroy();
    dynamo.destroy();
    channel.close();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      thread.once('message', (message: ThreadMessage) => message.type === 'stopped' && resolve());
      thread.once('exit', () => resolve());
      thread.postMessage({ type: 'stop' });
      timer.unref();
    });
    await thread.terminate();
  };
  try {
    if (options.tableName) await ensureStateTable(dynamo, options.tableName);
  } catch (error) {
    await stop();
    throw error;
  }
  return { sqsEndpoint, dynamoEndpoint, sqs, dynamo, requestHandlers, stop };
}
