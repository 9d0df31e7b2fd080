import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { isAllowedHost, isBlockedAddress } from '../../../shared/http/address-guard.js';
import { HttpTransportError } from '../../../shared/ports.js';
import { startSink, type ScriptedAnswer, type Sink } from '../../fakes/sink.js';

let sink: Sink;
let other: Sink;
beforeAll(async () => {
  sink = await startSink((request): ScriptedAnswer => {
    if (request.path === '/slow') return { status: 200, body: 'late', delayMs: 3000 };
    if (request.path === '/temp') return { status: 307, headers: { location: '/final' } };
    if (request.path === '/found') return { status: 302, headers: { location: '/final' } };
    if (request.path === '/away') return { status: 307, headers: { location: `${other.baseUrl}/final` } };
    return { status: 201, headers: { 'X-Trace-Id': 'abc' }, body: `got ${request.method} ${request.path} ${request.body}` };
  });
  other = await startSink();
});
afterAll(async () => {
  await sink.stop();
  await other.stop();
});

const local = new NodeHttpClient({ allowHosts: [], allowLoopback: true });
const guarded = new NodeHttpClient({ allowHosts: [], allowLoopback: false });

async function transportError(promise: Promise<unknown>): Promise<HttpTransportError> {
  const error = await promise.catch((e) => e);
  expect(error).toBeInstanceOf(HttpTransportError);
  return error as HttpTransportError;
}

describe('HTTP client', () => {
  it('sends the body and returns status, lower-cased headers and body', async () => {
    const response = await local.send({ method: 'POST', url: sink.url('/in'), headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers['x-trace-id']).toBe('abc');
    expect(response.body).toBe('got POST /in {"a":1}');
    expect(sink.requests.at(-1)?.headers['content-type']).toBe('application/json');
  });

  it('gives up after the timeout with a timeout error', async () => {
    const error = await transportError(local.send({ method: 'GET', url: sink.url('/slow'), timeoutMs: 100 }));
    expect(error.kind).toBe('timeout');
  });

  it('reports a refused connection as a network error', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = await transportError(local.send({ method: 'GET', url: `http://127.0.0.1:${port}/` }));
    expect(error.kind).toBe('network');
  });

  it('follows a same-origin 307 with the same method and body', async () => {
    const response = await local.send({ method: 'POST', url: sink.url('/temp'), body: 'x' });
    expect(response.body).toBe('got POST /final x');
  });

  it('does not turn a POST into a GET on a 302, nor follow a redirect to another origin', async () => {
    expect((await local.send({ method: 'POST', url: sink.url('/found'), body: 'x' })).status).toBe(302);
    const before = other.requests.length;
    expect((await local.send({ method: 'POST', url: sink.url('/away'), body: 'x' })).status).toBe(307);
    expect(other.requests.length).toBe(before);
  });

  describe('SSRF guard (AWS mode)', () => {
    it.each([
      ['a loopback literal', () => sink.url('/in')],
      ['localhost, which resolves to loopback', () => sink.url('/in').replace('127.0.0.1', 'localhost')],
      ['an IPv4-mapped IPv6 loopback', () => sink.url('/in').replace('127.0.0.1', '[::ffff:127.0.0.1]')],
      ['the instance metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
      ['a private network address', () => 'http://10.1.2.3/'],
      ['a decimal-encoded loopback', () => `http://2130706433:${new URL(sink.baseUrl).port}/`],
    ])('refuses %s without connecting', async (_name, url) => {
      const before = sink.requests.length;
      const error = await transportError(guarded.send({ method: 'POST', url: url(), body: 'x' }));
      expect(error.kind).toBe('blocked');
      expect(error.message).toMatch(/allowHosts/);
      expect(sink.requests.length).toBe(before);
    });

    it('refuses schemes other than http and https', async () => {
      expect((await transportError(guarded.send({ method: 'GET', url: 'file:///etc/passwd' }))).kind).toBe('blocked');
    });

    it('lets a host listed in allowHosts through', async () => {
      const allowed = new NodeHttpClient({ allowHosts: ['localhost'], allowLoopback: false });
      const response = await allowed.send({ method: 'POST', url: sink.url('/ok').replace('127.0.0.1', 'localhost'), body: 'y' });
      expect(response.status).toBe(201);
    });
  });
});

describe('address policy', () => {
  it.each(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '169.254.170.2', '100.64.0.1', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:10.0.0.1', '::127.0.0.1', '2002:a9fe:a9fe::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2'])(
    'blocks %s',
    (address) => expect(isBlockedAddress(address, { allowLoopback: false })).toBe(true),
  );
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1'])('allows public %s', (address) =>
    expect(isBlockedAddress(address, { allowLoopback: false })).toBe(false),
  );
  it('allows loopback, and only loopback, in local mode', () => {
    expect(isBlockedAddress('127.0.0.1', { allowLoopback: true })).toBe(false);
    expect(isBlockedAddress('::1', { allowLoopback: true })).toBe(false);
    expect(isBlockedAddress('10.0.0.1', { allowLoopback: true })).toBe(true);
  });
  it('matches allowHosts exactly or by *.domain', () => {
    expect(isAllowedHost('thehive.corp.internal', ['thehive.corp.internal'])).toBe(true);
    expect(isAllowedHost('A.Corp.Internal', ['*.corp.internal'])).toBe(true);
    expect(isAllowedHost('corp.internal', ['*.corp.internal'])).toBe(false);
    expect(isAllowedHost('evilcorp.internal', ['*.corp.internal'])).toBe(false);
  });
});
