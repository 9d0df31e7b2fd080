/**
 * The relay's own SDK clients reach the emulators' thread over a MessagePort instead of a
 * loopback socket. The SDK still builds and parses every request as for AWS (same client,
 * same adapter, same wire format; only the signature is a placeholder, see
 * shared/adapters/emulator-client.ts); only the last hop, which on one machine costs more CPU
 * than the emulators' work (HTTP client, kernel, HTTP parser), is skipped. The
 * emulators keep their HTTP endpoints for the CLI and anything outside the relay's process.
 *
 * Smithy's request handler interface is structural: `handle(request)` resolves to
 * `{ response: { statusCode, headers, body } }`, and a Uint8Array body is read as is.
 */
import type { MessagePort } from 'node:worker_threads';

export type EmulatedService = 'sqs' | 'dynamodb';

interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface PortReply {
  id: number;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: string;
}

export interface EmulatorRequestHandler {
  handle(request: SdkHttpRequest, options?: { abortSignal?: unknown }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

export class EmulatorChannel {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: PortReply) => void; reject: (error: Error) => void }>();
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: PortReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return; // aborted meanwhile
      this.settle(reply.id);
      if (reply.error !== undefined) waiter.reject(new Error(`emulator: ${reply.error}`));
      else waiter.resolve(reply);
    });
    // an idle channel must not keep the process alive; a request in flight does (see send)
    port.unref();
  }

  /** an SDK `requestHandler` sending to one of the emulators */
  handlerFor(service: EmulatedService): EmulatorRequestHandler {
    return {
      handle: async (request, options) => {
        // the SDK passes through the caller's signal (a DOM AbortSignal here, e.g. a poller's)
        const reply = await this.send(service, request, options?.abortSignal as AbortSignal | undefined);
        return { response: { statusCode: reply.status ?? 500, headers: reply.headers ?? {}, body: Buffer.from(reply.body ?? '') } };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      // the channel outlives a client: closed with the emulators
      destroy: () => undefined,
    };
  }

  /** rejects what is in flight; later requests fail at once (idempotent) */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, waiter] of this.pending) {
      this.settle(id);
      waiter.reject(new Error('emulators stopped'));
    }
    this.port.close();
  }

  private send(service: EmulatedService, request: SdkHttpRequest, signal?: AbortSignal): Promise<PortReply> {
    if (this.closed) return Promise.reject(new Error('emulators stopped'));
    if (signal?.aborted) return Promise.reject(abortError());
    const id = ++this.nextId;
    return new Promise<PortReply>((resolve, reject) => {
      const onAbort = () => {
        this.settle(id);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      if (this.pending.size === 1) this.port.ref();
      this.port.postMessage({ id, service, method: request.method, path: pathWithQuery(request), headers: lowerCaseHeaders(request.headers), body: bodyText(request.body) });
    });
  }

  private settle(id: number) {
    this.pending.delete(id);
    if (this.pending.size === 0) this.port.unref();
  }
}

function pathWithQuery(request: SdkHttpRequest): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === null) query.append(key, '');
    else for (const item of Array.isArray(value) ? value : [value]) query.append(key, item);
  }
  const search = query.toString();
  return search ? `${request.path}?${search}` : request.path;
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name.toLowerCase()] = headers[name];
  return out;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new Error('emulator transport: only string and byte bodies are supported');
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
