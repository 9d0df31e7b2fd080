/**
 * Base of the notification-target fakes: a real HTTP server on 127.0.0.1 (ephemeral port) that
 * records every request and answers from a script (queued answers first, then the target's
 * default behaviour). An answer can be delayed, to let a client time out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** path with query string */
  path: string;
  /** lower-cased */
  headers: Record<string, string>;
  body: string;
  /** parsed JSON body, when it was JSON */
  json?: any;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** wait this long before answering (a client with a shorter timeout gives up) */
  delayMs?: number;
}

export type Responder = (request: RecordedRequest) => ScriptedAnswer;

export class RecordingTarget {
  readonly requests: RecordedRequest[] = [];
  private readonly queued: ScriptedAnswer[] = [];
  private server?: Server;
  private readonly pending = new Set<NodeJS.Timeout>();
  baseUrl = '';

  constructor(private readonly respond: Responder) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.pending) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answer the next request(s) with these, in order, before falling back to the default behaviour. */
  answerNext(...answers: ScriptedAnswer[]): this {
    this.queued.push(...answers);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.queued.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '/', headers, body };
    try {
      recorded.json = JSON.parse(body);
    } catch {
      // not JSON
    }
    this.requests.push(recorded);
    const answer = this.queued.shift() ?? this.respond(recorded);
    const send = () => {
      if (res.destroyed) return;
      const text = typeof answer.body === 'string' || answer.body === undefined ? answer.body ?? '' : JSON.stringify(answer.body);
      const type = typeof answer.body === 'object' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
      res.writeHead(answer.status, { 'content-type': type, ...answer.headers });
      res.end(text);
    };
    if (answer.delayMs) {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        send();
      }, answer.delayMs);
      this.pending.add(timer);
    } else send();
  }
}
