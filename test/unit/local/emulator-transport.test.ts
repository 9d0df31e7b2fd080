/** The MessagePort request handler of the local runtime's SDK clients, against a scripted far end. */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorChannel } from '../../../local/emulator-transport.js';

interface SeenRequest {
  id: number;
  service: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const open: MessagePort[] = [];
afterEach(() => open.splice(0).forEach((port) => port.close()));

function channelWithFarEnd(answer?: (request: SeenRequest) => object | undefined) {
  const { port1, port2 } = new MessageChannel();
  open.push(port2);
  const seen: SeenRequest[] = [];
  port2.on('message', (request: SeenRequest) => {
    seen.push(request);
    const reply = answer?.(request);
    if (reply) port2.postMessage({ id: request.id, ...reply });
  });
  return { channel: new EmulatorChannel(port1), seen };
}

const request = (overrides: Partial<{ body: unknown; query: Record<string, string | string[] | null> }> = {}) => ({
  method: 'POST',
  path: '/',
  headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.PutItem' },
  body: '{"TableName":"t"}',
  ...overrides,
});

describe('EmulatorChannel', () => {
  it('sends the request as built, with lower-case headers and the query in the path, and returns the answer as bytes', async () => {
    const { channel, seen } = channelWithFarEnd(() => ({ status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{"__type":"x#ConditionalCheckFailedException"}' }));
    const { response } = await channel.handlerFor('dynamodb').handle(request({ query: { a: '1', b: ['2', '3'], c: null } }));
    expect(seen[0]).toMatchObject({
      service: 'dynamodb',
      method: 'POST',
      path: '/?a=1&b=2&b=3&c=',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' },
      body: '{"TableName":"t"}',
    });
    expect(response.statusCode).toBe(400);
    expect(Buffer.from(response.body).toString()).toBe('{"__type":"x#ConditionalCheckFailedException"}');
    channel.close();
  });

  it('passes a byte body as text and matches answers to requests by id', async () => {
    const { channel } = channelWithFarEnd((req) => ({ status: 200, headers: {}, body: `echo ${req.body}` }));
    const handler = channel.handlerFor('sqs');
    const [a, b] = await Promise.all([handler.handle(request({ body: new TextEncoder().encode('one') })), handler.handle(request({ body: 'two' }))]);
    expect(Buffer.from(a.response.body).toString()).toBe('echo one');
    expect(Buffer.from(b.response.body).toString()).toBe('echo two');
    channel.close();
  });

  it('turns an error from the far end into a rejection', async () => {
    const { channel } = channelWithFarEnd(() => ({ error: 'dynalite exploded' }));
    await expect(channel.handlerFor('dynamodb').handle(request())).rejects.toThrow('emulator: dynalite exploded');
    channel.close();
  });

  it('rejects an aborted request at once, and one already aborted without sending it', async () => {
    const { channel, seen } = channelWithFarEnd();
    const abort = new AbortController();
    const pending = channel.handlerFor('sqs').handle(request(), { abortSignal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(channel.handlerFor('sqs').handle(request(), { abortSignal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
    channel.close();
  });

  it('rejects what is in flight when closed (the emulators stopped or their thread died), and later requests too', async () => {
    const { channel } = channelWithFarEnd();
    const pending = channel.handlerFor('dynamodb').handle(request());
    channel.close();
    await expect(pending).rejects.toThrow('emulators stopped');
    await expect(channel.handlerFor('dynamodb').handle(request())).rejects.toThrow('emulators stopped');
    channel.close();
  });
});
