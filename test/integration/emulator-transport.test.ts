/**
 * The relay's SDK clients reach the emulators over a MessagePort (local/emulator-transport.ts);
 * everything outside the process (CLI, other tools) over loopback HTTP. Both must see the same
 * queues and table, errors must come back as the SDK's typed errors, and an aborted long poll
 * must not hang.
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../shared/adapters/dynamodb.js';
import { createSqsClient, SqsQueueClient } from '../../shared/adapters/sqs.js';
import { ensureQueuePair } from '../../shared/adapters/sqs-queues.js';
import { useEmulators } from './emulators.js';

const emulators = useEmulators({ tableName: 'transport-state' });

const overHttp = () => ({
  sqs: createSqsClient({ endpoint: emulators.sqsEndpoint }),
  dynamo: createDynamoClient({ endpoint: emulators.dynamoEndpoint }),
});

describe('emulator transport', () => {
  it('gives the in-process clients a MessagePort handler', () => {
    expect(emulators.requestHandlers.sqs).toBeDefined();
    expect(emulators.requestHandlers.dynamodb).toBeDefined();
  });

  it('sends over the port what HTTP clients then receive, and back', async () => {
    const http = overHttp();
    const pair = await ensureQueuePair(emulators.sqs, 'transport-roundtrip', { maxReceiveCount: 3, visibilitySeconds: 30 });
    await new SqsQueueClient(emulators.sqs).sendBatch(pair.queueUrl, [{ id: 'a', body: '{"via":"port"}', attributes: { notifier: 'soc' } }]);
    const [received] = await new SqsQueueClient(http.sqs).receive(pair.queueUrl, { max: 1, waitSeconds: 1 });
    expect(received.body).toBe('{"via":"port"}');
    expect(received.attributes.notifier).toBe('soc');

    await new SqsQueueClient(http.sqs).sendBatch(pair.dlqUrl, [{ id: 'b', body: '{"via":"http"}' }]);
    const [back] = await new SqsQueueClient(emulators.sqs).receive(pair.dlqUrl, { max: 1, waitSeconds: 1 });
    expect(back.body).toBe('{"via":"http"}');
    http.sqs.destroy();
    http.dynamo.destroy();
  });

  it('reads and writes the same table as HTTP clients, with conditional failures typed', async () => {
    const http = overHttp();
    const item = { pk: { S: 'transport#1' }, sk: { S: 'x' }, value: { S: 'from the port' } };
    await emulators.dynamo.send(new PutItemCommand({ TableName: 'transport-state', Item: item }));
    const got = await http.dynamo.send(new GetItemCommand({ TableName: 'transport-state', Key: { pk: item.pk, sk: item.sk } }));
    expect(got.Item?.value).toEqual({ S: 'from the port' });

    const again = emulators.dynamo.send(new PutItemCommand({ TableName: 'transport-state', Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expect(again).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    http.dynamo.destroy();
  });

  it('rejects an aborted long poll at once', async () => {
    const pair = await ensureQueuePair(emulators.sqs, 'transport-abort', { maxReceiveCount: 3, visibilitySeconds: 30 });
    const poller = createSqsClient({ endpoint: emulators.sqsEndpoint, requestHandler: emulators.requestHandlers.sqs });
    const abort = new AbortController();
    const started = Date.now();
    const poll = new SqsQueueClient(poller).receive(pair.queueUrl, { max: 1, waitSeconds: 10, signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await expect(poll).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5000);
    poller.destroy();
  });

  it('listens on loopback only', async () => {
    const reachable = (host: string, port: number) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    const ports = [emulators.sqsEndpoint, emulators.dynamoEndpoint].map((endpoint) => Number(new URL(endpoint).port));
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
      .map((entry) => entry!.address);
    for (const port of ports) {
      expect(await reachable('127.0.0.1', port)).toBe(true);
      for (const address of others) expect(await reachable(address, port)).toBe(false);
    }
  });
});
