/** Ingest's checks (credentials, size, content type, shape) with in-memory ports. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/load.js';
import { ingest, type IngestDeps } from '../../../shared/ingest/ingest.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import type { InboundRequest } from '../../../shared/http/types.js';
import { fixtureText } from '../../fixtures/thehive/index.js';
import { MemoryState, RecordingQueue, secretsOf, silent } from '../fakes.js';

function setup(
  auth: unknown,
  secrets: Record<string, string> = { TOKEN: 's3cret-token' },
  maxBodyBytes = 4096,
  notifiers: unknown[] = [{ name: 'all', type: 'console', triggers: ['AnyEvent'] }],
) {
  const queue = new RecordingQueue();
  const metrics = new InMemoryMetrics();
  const state = new MemoryState();
  const deps: IngestDeps = {
    config: parseConfig({ ingest: { auth, maxBodyBytes }, notifiers }, 'test'),
    secrets: secretsOf(secrets),
    queue,
    queueUrls: { all: 'queue://all' },
    state,
    clock: { now: () => 1_700_000_000_000 },
    metrics,
    log: silent,
  };
  const call = (headers: Record<string, string>, body = fixtureText('v4', 'alert-create'), query?: Record<string, string>) => {
    const request: InboundRequest = { method: 'POST', path: '/webhooks/thehive', headers, body, bodyBytes: Buffer.byteLength(body), query };
    return ingest(request, deps);
  };
  return { call, queue, metrics, state, deps };
}

const json = { 'content-type': 'application/json' };
const bearer = { type: 'bearer', token: { secret: 'TOKEN' } };

describe('ingest credentials', () => {
  it('accepts the bearer token, case-insensitive scheme', async () => {
    const { call, queue } = setup(bearer);
    expect((await call({ ...json, authorization: 'bearer s3cret-token' })).status).toBe(202);
    expect(queue.sent).toHaveLength(1);
  });

  it.each([
    ['no header', {}, /missing credentials/],
    ['a wrong token', { authorization: 'Bearer s3cret-tokeN' }, /invalid credentials/],
    ['a prefix of the token', { authorization: 'Bearer s3cret' }, /invalid credentials/],
    ['the token without a scheme', { authorization: 's3cret-token' }, /Bearer/],
  ])('refuses %s with 401 and a Bearer challenge', async (_name, headers, message) => {
    const { call, queue, metrics } = setup(bearer);
    const response = await call({ ...json, ...headers });
    expect(response.status).toBe(401);
    expect(response.headers?.['www-authenticate']).toBe('Bearer realm="hive-relay"');
    expect(response.body).toMatchObject({ field: 'headers.authorization' });
    expect((response.body as { error: string }).error).toMatch(message);
    expect(queue.sent).toHaveLength(0);
    expect(metrics.get('IngestRejected', { reason: 'unauthorized' })).toBe(1);
  });

  it('takes the token from ?token= for callers that cannot send headers (TheHive 3)', async () => {
    const { call, queue } = setup(bearer);
    expect((await call(json, undefined, { token: 's3cret-token' })).status).toBe(202);
    expect(queue.sent).toHaveLength(1);
    const wrong = await call(json, undefined, { token: 's3cret-tokeN' });
    expect(wrong.status).toBe(401);
    expect(queue.sent).toHaveLength(1);
  });

  it('checks basic credentials: user name and password both', async () => {
    const { call } = setup({ type: 'basic', username: 'thehive', password: { secret: 'TOKEN' } });
    const basic = (user: string, password: string) => ({ ...json, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await call(basic('thehive', 's3cret-token'))).status).toBe(202);
    const wrongUser = await call(basic('other', 's3cret-token'));
    expect(wrongUser.status).toBe(401);
    expect(wrongUser.headers?.['www-authenticate']).toMatch(/^Basic realm="hive-relay"/);
    expect((await call(basic('thehive', 'nope'))).status).toBe(401);
  });

  it('checks a named header (TheHive 4 `key` auth sends Authorization: <key> as is)', async () => {
    const { call } = setup({ type: 'header', name: 'Authorization', token: { secret: 'TOKEN' } });
    expect((await call({ ...json, authorization: 's3cret-token' })).status).toBe(202);
    const other = setup({ type: 'header', token: { secret: 'TOKEN' } });
    const missing = await other.call(json);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ field: 'headers.x-api-key' });
    expect((await other.call({ ...json, 'x-api-key': 's3cret-token' })).status).toBe(202);
  });

  it('answers 500, not 2xx, when the token secret cannot be read', async () => {
    const { call, queue } = setup(bearer, {});
    const response = await call({ ...json, authorization: 'Bearer anything' });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('anything');
    expect(queue.sent).toHaveLength(0);
  });

  it('accepts anyone with type none', async () => {
    expect((await setup({ type: 'none' }).call(json)).status).toBe(202);
  });
});

describe('ingest request checks', () => {
  const auth = { ...json, authorization: 'Bearer s3cret-token' };

  it('measures the limit in bytes: a body of exactly maxBodyBytes passes, one byte more is 413', async () => {
    const body = fixtureText('v4', 'alert-create');
    const exact = setup(bearer, undefined, Buffer.byteLength(body));
    expect((await exact.call(auth, body)).status).toBe(202);
    const tight = setup(bearer, undefined, Buffer.byteLength(body) - 1);
    const refused = await tight.call(auth, body);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ field: 'body' });
    expect(tight.queue.sent).toHaveLength(0);
  });

  it('counts multi-byte characters as bytes', async () => {
    const { call } = setup(bearer, undefined, 100);
    const body = JSON.stringify({ operation: 'Creation', objectType: 'case', objectId: 'x', t: 'é'.repeat(30) });
    expect(body.length).toBeLessThanOrEqual(100);
    expect((await call(auth, body)).status).toBe(413);
  });

  it.each([
    ['application/json; charset=utf-8', 202],
    ['application/json; charset="UTF-8"', 202],
    ['application/json;charset=utf8', 202],
    ['Application/JSON', 202],
    ['application/vnd.thehive+json', 202],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=iso-8859-1', 415],
    ['application/json; charset=windows-1252', 415],
  ])('content type %s → %i', async (type, status) => {
    expect((await setup(bearer).call({ ...auth, 'content-type': type })).status).toBe(status);
  });

  it('names the content type when its charset is not UTF-8, and counts it', async () => {
    const { call, queue, metrics } = setup(bearer);
    const response = await call({ ...auth, 'content-type': 'application/json; charset=ISO-8859-1' });
    expect(response).toMatchObject({ status: 415, body: { field: 'headers.content-type', error: 'expected the charset UTF-8, got "iso-8859-1"' } });
    expect(metrics.get('IngestRejected', { reason: 'charset' })).toBe(1);
    expect(queue.sent).toHaveLength(0);
  });

  it('refuses a body whose bytes were not UTF-8 with 400 naming the body, and counts it', async () => {
    const { deps, queue, metrics } = setup(bearer);
    const body = fixtureText('v4', 'case-create');
    const request: InboundRequest = { method: 'POST', path: '/webhooks/thehive', headers: auth, body, bodyBytes: Buffer.byteLength(body), invalidUtf8: true };
    expect(await ingest(request, deps)).toMatchObject({ status: 400, body: { field: 'body', error: 'body is not valid UTF-8' } });
    expect(metrics.get('IngestRejected', { reason: 'not-utf8' })).toBe(1);
    expect(queue.sent).toHaveLength(0);
  });

  it.each([
    ['arrays 5000 deep in object.tags', '['.repeat(5000) + ']'.repeat(5000)],
    ['objects 10 000 deep', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('refuses a body that nests %s with 400 naming the body, and counts it', async (_name, deep) => {
    const event = JSON.parse(fixtureText('v4', 'case-create'));
    event.object.tags = '__DEEP__';
    const body = JSON.stringify(event).replace('"__DEEP__"', deep);
    const { call, queue, metrics } = setup(bearer, undefined, 1024 * 1024);
    const response = await call(auth, body);
    expect(response).toMatchObject({ status: 400, body: { field: 'body', error: expect.stringMatching(/deeper than 64 levels/) } });
    expect(metrics.get('IngestRejected', { reason: 'too-deep' })).toBe(1);
    expect(queue.sent).toHaveLength(0);
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    const event = JSON.parse(fixtureText('v4', 'case-create'));
    event.object.description = '[{'.repeat(1000) + '\\"[';
    expect((await setup(bearer, undefined, 1024 * 1024).call(auth, JSON.stringify(event))).status).toBe(202);
  });

  it('names the problem of a body that is not a TheHive event', async () => {
    const { call, queue } = setup(bearer);
    expect(await call(auth, '{"a":')).toMatchObject({ status: 400, body: { field: 'body' } });
    expect(await call(auth, '"just a string"')).toMatchObject({ status: 400, body: { field: 'body' } });
    expect(await call(auth, '{"objectType":"case","objectId":"1"}')).toMatchObject({ status: 422, body: { field: 'operation' } });
    expect(await call(auth, '{"action":"create","objectId":"1"}')).toMatchObject({ status: 422, body: { field: 'objectType' } });
    expect(queue.sent).toHaveLength(0);
  });

  it('answers 202 with no route for an event no notifier wants, without writing the dedupe mark', async () => {
    const { call, queue, state, metrics } = setup(bearer, undefined, 4096, [{ name: 'alerts', type: 'console', triggers: ['AlertCreated'] }]);
    const response = await call(auth, fixtureText('v4', 'case-create'));
    expect(response).toEqual({ status: 202, body: { accepted: true, routed: [] } });
    expect(queue.sent).toHaveLength(0);
    expect(state.items.size).toBe(0);
    expect(metrics.get('IngestNotRouted')).toBe(1);
  });
});
