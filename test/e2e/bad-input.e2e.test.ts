import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink, type Sink } from '../fakes/sink.js';
import { startTestRelay, TOKEN, type TestRelay } from './relay.js';
import { fixtureText } from '../fixtures/thehive/index.js';

let relay: TestRelay;
let sink: Sink;
const MAX = 4096;

beforeAll(async () => {
  sink = await startSink();
  relay = await startTestRelay(
    {
      ingest: { auth: { type: 'bearer', token: { secret: 'INGEST_TOKEN' } }, maxBodyBytes: MAX },
      thehive: { url: 'http://127.0.0.1:9', apiKey: { secret: 'THEHIVE_API_KEY' } },
      notifiers: [{ name: 'catch-all', type: 'webhook', triggers: ['AnyEvent'], url: sink.url('/all') }],
      // a route with a path parameter, /functions/{name}
      functions: [{ name: 'elastic', type: 'elastic', auth: { type: 'bearer', token: { secret: 'INGEST_TOKEN' } } }],
    },
    { env: { THEHIVE_API_KEY: 'unused' } },
  );
});
afterAll(async () => {
  await relay.stop();
  await sink.stop();
});

const valid = () => fixtureText('v4', 'case-create');
/** A valid event whose object.tags holds `deep` (JSON text). */
const nested = (deep: string) => {
  const event = JSON.parse(valid());
  event.object.tags = '__DEEP__';
  return JSON.stringify(event).replace('"__DEEP__"', deep);
};

async function send(body: string, headers: Record<string, string>) {
  const response = await fetch(relay.webhookUrl, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, json: (await response.json()) as { error: string; field?: string } };
}
const withAuth = (headers: Record<string, string> = {}) => ({ 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers });

describe('bad input at POST /webhooks/thehive', () => {
  it.each([
    ['no credentials', valid, { 'content-type': 'application/json' }, 401, 'headers.authorization', /missing credentials/],
    ['a wrong token', valid, withAuth({ authorization: 'Bearer not-the-token' }), 401, 'headers.authorization', /invalid credentials/],
    ['another scheme', valid, withAuth({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), 401, 'headers.authorization', /Bearer/],
    ['a body over ingest.maxBodyBytes', () => JSON.stringify({ operation: 'Creation', objectType: 'case', objectId: '1', pad: 'x'.repeat(MAX) }), withAuth(), 413, 'body', /maxBodyBytes/],
    ['a form content type', valid, withAuth({ 'content-type': 'application/x-www-form-urlencoded' }), 415, 'headers.content-type', /application\/json/],
    ['no content type', valid, { authorization: `Bearer ${TOKEN}` }, 415, 'headers.content-type', /application\/json/],
    ['a charset other than UTF-8', valid, withAuth({ 'content-type': 'application/json; charset=iso-8859-1' }), 415, 'headers.content-type', /charset UTF-8/],
    ['non-JSON', () => '{"operation": "Creation", ', withAuth(), 400, 'body', /not valid JSON/],
    ['a JSON array', () => '[1,2]', withAuth(), 400, 'body', /object/],
    ['arrays nested 1500 deep (a deeper body overflows the stack of what walks it)', () => nested('['.repeat(1500) + ']'.repeat(1500)), withAuth(), 400, 'body', /deeper than 64 levels/],
    ['objects nested 400 deep', () => nested('{"a":'.repeat(400) + '1' + '}'.repeat(400)), withAuth(), 400, 'body', /deeper than 64 levels/],
    ['a missing operation', () => JSON.stringify({ objectType: 'case', objectId: 'x' }), withAuth(), 422, 'operation', /operation/],
    ['a missing objectType', () => JSON.stringify({ operation: 'Creation', objectId: 'x' }), withAuth(), 422, 'objectType', /type/],
    ['an unknown verb (unknown version)', () => JSON.stringify({ operation: 'Frobnicate', objectType: 'case', objectId: 'x' }), withAuth(), 422, 'operation', /unknown/],
    ['a verb named like an Object.prototype member', () => JSON.stringify({ operation: 'constructor', objectType: 'case', objectId: 'x' }), withAuth(), 422, 'operation', /unknown verb/],
    ['the verb __proto__', () => '{"operation":"__proto__","objectType":"case","objectId":"x"}', withAuth(), 422, 'operation', /unknown verb/],
  ])('refuses %s', async (_name, body, headers, status, field, message) => {
    const before = relay.metrics.get('IngestRejected');
    const response = await send(body(), headers as Record<string, string>);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.json.field).toBe(field);
    expect(response.json.error).toMatch(message);
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(relay.metrics.get('IngestRejected')).toBe(before + 1);
  });

  it('refuses bytes that are not UTF-8 with 400 naming the body: two such events never become one', async () => {
    const before = relay.metrics.get('IngestRejected');
    const text = valid();
    const at = text.indexOf('"title"') + '"title": "'.length;
    for (const byte of [0xff, 0xfe]) {
      const body = Buffer.concat([Buffer.from(`${text.slice(0, at)}caf`), Buffer.from([byte]), Buffer.from(text.slice(at))]);
      const response = await fetch(relay.webhookUrl, { method: 'POST', headers: withAuth(), body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'body is not valid UTF-8', field: 'body' });
    }
    expect(relay.metrics.get('IngestRejected')).toBe(before + 2);
  });

  it('queued none of them', async () => {
    expect(await relay.pending('catch-all')).toBe(0);
    expect(relay.deliveries).toHaveLength(0);
    expect(sink.requests).toHaveLength(0);
    expect(relay.metrics.get('IngestAccepted')).toBe(0);
  });

  it('answers unknown routes and methods with JSON too', async () => {
    const get = await fetch(relay.webhookUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ field: 'method' });
    const missing = await fetch(`${relay.url}/nope`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ field: 'path' });
  });

  it('answers a malformed percent-encoding in a path parameter with 400, and stays up', async () => {
    const response = await fetch(`${relay.url}/functions/%E0%A4%A`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'path', error: expect.stringMatching(/percent-encoding/) });
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('counts posts to unknown functions under one metric dimension, not under the name a caller chose', async () => {
    const response = await fetch(`${relay.url}/functions/made-up-${Date.now()}`, { method: 'POST', headers: withAuth(), body: '{}' });
    expect(response.status).toBe(404);
    expect(relay.metrics.get('FunctionRequestRefused', { function: 'unknown' })).toBe(1);
    expect(Object.keys(relay.metrics.snapshot()).filter((key) => key.includes('made-up'))).toEqual([]);
  });

  it('refuses a function body whose bytes are not UTF-8 with 400 naming the body, queueing no run', async () => {
    const text = readFileSync(new URL('../fixtures/sources/elastic/single-alert-mixed.json', import.meta.url), 'utf8');
    const at = text.indexOf('"name"') + '"name": "'.length;
    const body = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]);
    const response = await fetch(`${relay.url}/functions/elastic`, { method: 'POST', headers: withAuth(), body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'body is not valid UTF-8', field: '(body)' });
    expect(relay.metrics.get('FunctionRequestRefused', { function: 'elastic' })).toBe(1);
  });

  it('answers a request target that is not a path with 400 naming the path', async () => {
    const { port } = new URL(relay.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('GET http://[/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"field":"path"');
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('survives a client that drops the connection in the middle of its body', async () => {
    const { port } = new URL(relay.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /webhooks/thehive HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 1000\r\n\r\n{"operation":`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('still accepts a good event afterwards', async () => {
    const response = await send(valid(), withAuth());
    expect(response.status).toBe(202);
    await sink.waitForRequests(1);
  });
});
