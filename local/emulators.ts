/**
 * The AWS services the relay uses, emulated in-process on 127.0.0.1: fauxqs (SQS API, in
 * memory) and dynalite (DynamoDB API, in memory, or LevelDB files under `dataDir`). The relay
 * reaches them through the same SDK clients and adapters as on AWS; only endpoints differ.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startFauxqs } from 'fauxqs';
import dynalite from 'dynalite';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSqsClient } from '../shared/adapters/sqs.js';
import { createDynamoClient, ensureStateTable } from '../shared/adapters/dynamodb.js';

// the SDK warns on every client about Node 20 support; the local runtime runs on Node 20 by design
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface Emulators {
  sqsEndpoint: string;
  dynamoEndpoint: string;
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startEmulators(options: { dataDir?: string; sqsPort?: number; dynamoPort?: number; tableName?: string } = {}): Promise<Emulators> {
  // queue URLs read http://sqs.us-east-1.localhost:PORT/…; the SDK sends to the endpoint, not to that host
  const fauxqs = await startFauxqs({ port: options.sqsPort ?? 0, logger: false });
  const sqsEndpoint = `http://127.0.0.1:${fauxqs.port}`;

  let path: string | undefined;
  if (options.dataDir) {
    path = join(options.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const dynamoServer: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  await new Promise<void>((resolve, reject) => {
    dynamoServer.once('error', reject);
    dynamoServer.listen(options.dynamoPort ?? 0, '127.0.0.1', () => resolve());
  });
  const dynamoEndpoint = `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`;

  const sqs = createSqsClient({ endpoint: sqsEndpoint });
  const dynamo = createDynamoClient({ endpoint: dynamoEndpoint });
  if (options.tableName) await ensureStateTable(dynamo, options.tableName);

  return {
    sqsEndpoint,
    dynamoEndpoint,
    sqs,
    dynamo,
    async stop() {
      // close the clients' keep-alive sockets first, so the servers close at once
      sqs.destroy();
      dynamo.destroy();
      dynamoServer.closeAllConnections?.();
      await Promise.all([fauxqs.stop(), new Promise<void>((resolve) => dynamoServer.close(() => resolve()))]);
    },
  };
}
