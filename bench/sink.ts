/**
 * The loopback target of the end-to-end run: a plain HTTP server on 127.0.0.1 that answers
 * 200 at once and, for each delivered event, notes when it arrived against the send time the
 * bench embedded in the event (`object.benchSentAt`, ms on this process's clock), and which
 * sequence number it carried (to count duplicates). Keeps numbers only, not bodies.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** ms on the shared wall clock, with sub-ms resolution (sender and sink share this process) */
export const nowMs = () => performance.timeOrigin + performance.now();

export interface Arrival {
  seq: number;
  latencyMs: number;
  /** nowMs() at arrival */
  at: number;
}

export class BenchSink {
  readonly arrivals: Arrival[] = [];
  private readonly seen = new Map<number, number>();
  duplicates = 0;
  malformed = 0;
  signed = 0;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = nowMs();
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        if (req.headers['webhook-signature']) this.signed++;
        let object: { benchSeq?: unknown; benchSentAt?: unknown } | undefined;
        try {
          object = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { object?: typeof object }).object;
        } catch {
          // counted below
        }
        const seq = object?.benchSeq;
        const sentAt = object?.benchSentAt;
        if (typeof seq !== 'number' || typeof sentAt !== 'number') {
          this.malformed++;
          return;
        }
        if (this.seen.has(seq)) {
          this.duplicates++;
          return;
        }
        this.seen.set(seq, at - sentAt);
        this.arrivals.push({ seq, latencyMs: at - sentAt, at });
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  has(seq: number): boolean {
    return this.seen.has(seq);
  }

  /** POST → arrival time of this event, ms, when it arrived */
  latencyOf(seq: number): number | undefined {
    return this.seen.get(seq);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
