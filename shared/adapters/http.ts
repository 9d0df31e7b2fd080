/**
 * HttpClient over node:http/https (not fetch: Node's fetch offers no hook to check the
 * address it connects to). The SSRF guard runs inside the socket's DNS lookup, so the
 * address that is checked is the address that is used (no DNS-rebinding gap); IP literals
 * are checked before connecting. Redirects are not followed blindly: only same-origin ones
 * (plus http→https on the same host), each hop checked again, and a method-changing
 * redirect (301/302/303) only for GET/HEAD, so a POST never silently turns into a GET.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { HttpTransportError, type HttpClient, type HttpRequest, type HttpResponse } from '../ports.js';
import { isAllowedHost, isBlockedAddress, type AddressPolicy } from '../http/address-guard.js';

export interface HttpClientOptions extends AddressPolicy {
  maxRedirects?: number;
  /** larger answers are truncated (a notifier only needs the start of an error page) */
  maxResponseBytes?: number;
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class NodeHttpClient implements HttpClient {
  private readonly maxRedirects: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpClientOptions) {
    this.maxRedirects = options.maxRedirects ?? 3;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    let current = request;
    for (let hop = 0; ; hop++) {
      const response = await this.once(current);
      const next = hop < this.maxRedirects ? this.redirectTarget(current, response) : undefined;
      if (!next) return response;
      current = next;
    }
  }

  private redirectTarget(request: HttpRequest, response: HttpResponse): HttpRequest | undefined {
    const location = response.headers.location;
    if (!location || ![301, 302, 303, 307, 308].includes(response.status)) return undefined;
    const from = new URL(request.url);
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      return undefined;
    }
    const sameOrigin = to.origin === from.origin;
    const upgrade = from.protocol === 'http:' && to.protocol === 'https:' && to.hostname === from.hostname;
    if (!sameOrigin && !upgrade) return undefined;
    const method = request.method.toUpperCase();
    if (response.status === 307 || response.status === 308) return { ...request, url: to.toString() };
    if (method === 'GET' || method === 'HEAD') return { ...request, url: to.toString(), body: undefined };
    return undefined;
  }

  private checkHost(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HttpTransportError(`refused ${url.protocol} URL: only http and https are allowed`, 'blocked');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !isAllowedHost(host, this.options.allowHosts) && isBlockedAddress(host, this.options)) {
      throw new HttpTransportError(`refused ${host}: private, loopback or link-local address (add the host to allowHosts to permit it)`, 'blocked');
    }
  }

  /** DNS lookup that refuses private answers unless the host is allowed. */
  private guardedLookup = (
    hostname: string,
    options: { family?: number | string; all?: boolean; hints?: number },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { all: true, family: options.family as number | undefined, hints: options.hints }, (error, addresses) => {
      if (error) return callback(error, '');
      const allowed = isAllowedHost(hostname, this.options.allowHosts);
      const bad = allowed ? undefined : addresses.find((entry) => isBlockedAddress(entry.address, this.options));
      if (bad) {
        return callback(
          new HttpTransportError(`refused ${hostname}: resolves to ${bad.address}, a private, loopback or link-local address (add the host to allowHosts to permit it)`, 'blocked'),
          '',
        );
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

  private once(request: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.reject(new HttpTransportError('invalid URL', 'blocked'));
    }
    try {
      this.checkHost(url);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'hive-relay', ...lowerCase(request.headers ?? {}) };
    if (body) headers['content-length'] = String(body.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

    return new Promise<HttpResponse>((resolve, reject) => {
      let timedOut = false;
      const abort = new AbortController();
      const timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, timeoutMs);
      const fail = (error: unknown) => {
        clearTimeout(timer);
        if (error instanceof HttpTransportError) return reject(error);
        if (timedOut) return reject(new HttpTransportError(`no answer within ${timeoutMs} ms`, 'timeout'));
        const cause = error as NodeJS.ErrnoException;
        reject(new HttpTransportError(`${cause.code ?? cause.name ?? 'error'}: ${cause.message}`, 'network'));
      };
      const req = send(url, { method: request.method, headers, lookup: this.guardedLookup as never, signal: abort.signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= this.maxResponseBytes) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= this.maxResponseBytes) {
            clearTimeout(timer);
            res.destroy();
            resolve(toResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).subarray(0, this.maxResponseBytes)));
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve(toResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks)));
        });
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end(body);
    });
  }
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function toResponse(status: number, raw: IncomingHttpHeaders, body: Buffer): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status, headers, body: body.toString('utf8') };
}
