/** The ingest Lambda handler: API Gateway payload 2.0 in, JSON answers out. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../../functions/ingest/create.js';
import { fromApiGatewayV2 } from '../../../shared/http/api-gateway.js';
import { parseConfig } from '../../../shared/config/load.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import type { OutgoingMessage, QueueClient } from '../../../shared/ports.js';
import { fixtureText } from '../../fixtures/thehive/index.js';

const sent: OutgoingMessage[] = [];
const queue: QueueClient = {
  sendBatch: async (_url, messages) => void sent.push(...messages),
  receive: async () => [],
  delete: async () => {},
  changeVisibility: async () => {},
  purge: async () => {},
  approximateCount: async () => 0,
};
const state = { putIfAbsent: async () => true, put: async () => {}, get: async () => undefined, delete: async () => {}, query: async () => [], update: async () => {} };
const handler = createIngestHandler({
  config: parseConfig({ ingest: { auth: { type: 'bearer', token: { secret: 'T' } } }, notifiers: [{ name: 'all', type: 'console', triggers: ['AnyEvent'] }] }, 't'),
  secrets: { get: async () => 'tok' },
  queue,
  queueUrls: { all: 'q' },
  state,
  clock: { now: () => 0 },
  metrics: new InMemoryMetrics(),
  logger: new Logger({ logLevel: 'SILENT' }),
});
const context = { functionName: 'ingest', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function event(method: string, path: string, body?: string, headers: Record<string, string> = {}, base64 = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'TheHive' } },
    body: body === undefined ? undefined : base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

describe('ingest handler', () => {
  it('accepts a base64-encoded body as API Gateway may send it', async () => {
    const body = fixtureText('v5-audit', 'alert-create');
    const result = await handler(event('POST', '/webhooks/thehive', body, { 'content-type': 'application/json', authorization: 'Bearer tok' }, true), context);
    expect(result.statusCode).toBe(202);
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(result.body!)).toEqual({ accepted: true, routed: ['all'] });
    expect(JSON.parse(sent[0].body).event.objectType).toBe('Alert');
  });

  it('answers GET /health, and JSON 404/405 elsewhere', async () => {
    const health = await handler(event('GET', '/health'), context);
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body!)).toEqual({ status: 'ok' });
    const wrongMethod = await handler(event('GET', '/webhooks/thehive'), context);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.allow).toBe('POST');
    const missing = await handler(event('POST', '/elsewhere', '{}'), context);
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body!)).toMatchObject({ field: 'path' });
  });
});

describe('ingest handler: bodies that are not UTF-8', () => {
  /** a valid event with these bytes inside its title */
  const eventWith = (bytes: number[]) => {
    const text = fixtureText('v4', 'case-create');
    const at = text.indexOf('Ransomware');
    return Buffer.concat([Buffer.from(`${text.slice(0, at)}caf`), Buffer.from(bytes), Buffer.from(text.slice(at))]);
  };

  it('refuses base64 bytes that are not UTF-8 with 400 naming the body, so distinct bodies never decode to one', async () => {
    const before = sent.length;
    for (const bytes of [[0xff], [0xfe]]) {
      const base64 = eventWith(bytes).toString('base64');
      const result = await handler(
        { ...event('POST', '/webhooks/thehive', undefined, { 'content-type': 'application/json', authorization: 'Bearer tok' }), body: base64, isBase64Encoded: true },
        context,
      );
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body!)).toEqual({ error: 'body is not valid UTF-8', field: 'body' });
    }
    expect(sent.length).toBe(before);
  });

  it('takes a text body with a lone surrogate (no UTF-8 form) as not UTF-8, and accepts multi-byte text', async () => {
    const lone = fromApiGatewayV2(event('POST', '/webhooks/thehive', '{"title":"caf\ud800"}'));
    expect(lone.invalidUtf8).toBe(true);
    expect(fromApiGatewayV2(event('POST', '/webhooks/thehive', '{"title":"café 😀"}')).invalidUtf8).toBe(false);
    const base64 = fromApiGatewayV2({ ...event('POST', '/webhooks/thehive'), body: Buffer.from('{"title":"café 😀"}').toString('base64'), isBase64Encoded: true });
    expect(base64).toMatchObject({ body: '{"title":"café 😀"}', bodyBytes: 22, invalidUtf8: false });
  });
});
