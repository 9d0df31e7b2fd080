/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0): a node:http server that
 * matches each request against a route table, hands the Lambda handler the same event API
 * Gateway would, and writes back its result.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Log } from '../shared/ports.js';
import { localLambdaContext } from './lambda-context.js';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | object>;

export interface Route {
  method: string;
  /** exact path, or with `{param}` segments: `/functions/{name}` */
  path: string;
  handler: HttpHandler;
  /** Lambda name, for the context; defaults to the path */
  functionName?: string;
  timeoutSeconds?: number;
}

/** What API Gateway and Lambda accept (10 MB API payload, 6 MB Lambda request). */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** idle keep-alive connections are closed after this (clients' own idle timeouts are mostly ≤ 60 s) */
const KEEP_ALIVE_MS = 65_000;
const TEXT_TYPES = /^(application\/(json|[a-z0-9.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

function match(route: Route, path: string): Record<string, string> | undefined {
  const want = route.path.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const param = /^\{(.+)\}$/.exec(want[i]);
    if (param) {
      if (!got[i]) return undefined;
      params[param[1]] = decodeURIComponent(got[i]);
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toApiGatewayEvent(req: IncomingMessage, route: Route, params: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const asText = text && isUtf8(body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(params).length ? params : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    // bytes that are not UTF-8 go as base64, like binary, so the handler sees them as sent
    body: body.length ? (asText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !asText,
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | object) {
  // like API Gateway: a plain object or string is a 200 JSON answer
  if (typeof result === 'string' || !('statusCode' in result)) return json(res, 200, result);
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
  const body = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(body);
}

export interface LocalHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(routes: Route[], options: { host: string; port: number; log: Log }): Promise<LocalHttpServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    let candidates: { route: Route; params: Record<string, string> | undefined }[];
    try {
      candidates = routes.map((route) => ({ route, params: match(route, path) })).filter((c) => c.params);
    } catch {
      return json(res, 400, { error: `malformed percent-encoding in path ${path}`, field: 'path' });
    }
    if (!candidates.length) return json(res, 404, { error: `no route ${path}`, field: 'path' });
    const found = candidates.find((c) => c.route.method === req.method);
    if (!found) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return json(res, 405, { error: `method ${req.method} not allowed on ${path}; use ${allow}`, field: 'method' }, { allow });
    }
    const body = await readBody(req);
    if (!body) return json(res, 413, { error: `body over ${MAX_REQUEST_BYTES} bytes (the Lambda request limit)`, field: 'body' });
    const { route, params } = found;
    try {
      const event = toApiGatewayEvent(req, route, params!, body);
      const result = await route.handler(event, localLambdaContext(route.functionName ?? route.path, route.timeoutSeconds ?? 30));
      writeResult(res, result);
      const status = typeof result === 'object' && 'statusCode' in result ? (result as APIGatewayProxyStructuredResultV2).statusCode : 200;
      options.log.info(`${req.method} ${path} → ${status}`);
    } catch (error) {
      options.log.error(`${req.method} ${path} failed`, { error: (error as Error).message });
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    }
  };
  const server: Server = createServer((req, res) => {
    // nothing a client sends or does (a malformed path, a dropped connection mid-body) may
    // become an unhandled rejection: that would end the relay
    handle(req, res).catch((error: Error) => {
      // the URL is not logged: its query may hold a token (`?token=`)
      options.log.warn(`${req.method} request not handled`, { error: error.message });
      const badTarget = (error as { code?: string }).code === 'ERR_INVALID_URL';
      if (!res.headersSent && !res.destroyed) json(res, 400, badTarget ? { error: 'the request target is not a valid path', field: 'path' } : { error: 'the request could not be read', field: 'body' });
      else res.destroy();
    });
  });
  // keep idle connections longer than clients usually do (Node's default is 5 s): a client
  // that reuses a connection the server is closing at that moment gets ECONNRESET
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(options.host)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** the address to print for a listening host: every interface is reachable on loopback too */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
