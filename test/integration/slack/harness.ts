/**
 * Test harness for two-way Slack over loopback:
 * - a holding proxy in front of the fake TheHive: it can hold requests until released (to
 *   show the Slack ack comes back before the work runs) or play an outage (503 for all);
 * - signed posts to /slack/interactions, the way Slack sends them;
 * - `eventually`, polling a condition (no timing assertions).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formBody, signedHeaders } from '../../unit/slack/fixtures.js';

export interface HoldingProxy {
  url: string;
  /** requests that reached the proxy (method + path) */
  seen: string[];
  /** how many requests are waiting for `release()` */
  held(): number;
  hold(): void;
  release(): void;
  /** answer every request with this status until `up()` */
  down(status?: number): void;
  up(): void;
  stop(): Promise<void>;
}

export async function startHoldingProxy(targetBaseUrl: string): Promise<HoldingProxy> {
  const target = new URL(targetBaseUrl);
  let holding = false;
  let outage: number | undefined;
  const waiting: (() => void)[] = [];
  const seen: string[] = [];

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const body = Buffer.concat(chunks);
      if (outage !== undefined) {
        res.writeHead(outage, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'ServiceUnavailable', message: 'TheHive is down for maintenance' }));
        return;
      }
      const go = () => forward(req, body, res);
      if (holding) waiting.push(go);
      else go();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    held: () => waiting.length,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const go of waiting.splice(0)) go();
    },
    down: (status = 503) => {
      outage = status;
    },
    up: () => {
      outage = undefined;
    },
    async stop() {
      holding = false;
      for (const go of waiting.splice(0)) go();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SlackPostResult {
  status: number;
  headers: Headers;
  text: string;
  json?: any;
}

/** POST a payload to the interactions URL, signed like Slack (or as given). */
export async function postInteraction(
  url: string,
  payload: unknown,
  options: { secret: string; signedAt?: number; headers?: Record<string, string | undefined> },
): Promise<SlackPostResult> {
  const body = typeof payload === 'string' ? payload : formBody(payload);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...signedHeaders(body, options.signedAt ?? Date.now(), options.secret), ...options.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Poll until `check` returns a truthy value (or stops throwing); fails after `timeoutMs`. */
type Falsy = undefined | null | false | 0 | '';

export async function eventually<T>(check: () => T | Falsy | Promise<T | Falsy>, options: { timeoutMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = new Error(`not yet: ${options.what ?? 'condition'}`);
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
