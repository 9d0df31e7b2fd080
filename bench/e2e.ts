/**
 * Section 2: local end to end, HTTP POST → relay → loopback sink.
 *
 * The relay runs in a child process (relay-process.ts: `startLocalRelay`, fauxqs, dynalite,
 * one webhook notifier); this process posts distinct TheHive 5 events (case and alert
 * creations from the fixtures, each with its own ids and sequence number, so the ingest's
 * body dedupe never drops one) and runs the sink, which reads the send time embedded in each
 * event. Everything is on 127.0.0.1.
 *   (a) open loop: a fixed rate for a fixed time, whatever the answers; POST → sink latency
 *       and the POST's own (ack) latency.
 *   (b) closed loop: bounded concurrency as fast as the relay accepts, for a fixed time;
 *       events per second delivered to the sink (steady state, after a ramp), then a drain.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { fixture } from '../test/fixtures/thehive/index.js';
import { BenchSink, nowMs } from './sink.js';
import { percentile, sleep } from './stats.js';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface OpenLoopResult {
  targetRate: number;
  seconds: number;
  sent: number;
  /** sends per second actually achieved by the generator */
  achievedRate: number;
  /** worst delay of a send behind its schedule (the generator's own lag), ms */
  generatorLagMaxMs: number;
  accepted: number;
  refused: Record<string, number>;
  delivered: number;
  lost: number;
  latencyMs: LatencySummary;
  ackMs: LatencySummary;
}

export interface MaxRunResult {
  concurrency: number;
  seconds: number;
  posted: number;
  accepted: number;
  refused: Record<string, number>;
  /** 202s per second over the run */
  ingestRate: number;
  /** sink arrivals per second, after the ramp, until the end of the run */
  deliveredRate: number;
  rampSeconds: number;
  /** accepted but not yet delivered when posting stopped */
  backlogAtEnd: number;
  /** time after the run until every accepted event had arrived (NaN if it did not within the limit) */
  drainSeconds: number;
  delivered: number;
  lost: number;
  latencyMs: LatencySummary;
  ackMs: LatencySummary;
}

export interface RelayStats {
  rss: number;
  cpuMs: number;
  logLines: number;
  warnings: string[];
}

export interface EndToEndResult {
  openLoop: OpenLoopResult;
  maxRun: MaxRunResult;
  rss: { afterStart: number; afterOpenLoop: number; afterMaxRun: number; peak: number };
  /** relay CPU per delivered event in each run, ms (both cores count) */
  relayCpuMsPerEvent: { openLoop: number; maxRun: number };
  duplicates: number;
  signedDeliveries: number;
  relayWarnings: { lines: number; first: string[] };
}

const summarise = (values: number[]): LatencySummary => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
};

type Json = Record<string, unknown>;

/** Distinct TheHive 5 audit events: a case creation or an alert creation, with this sequence number. */
function eventFactory() {
  const templates = [fixture('v5-audit', 'case-create'), fixture('v5-audit', 'alert-create')];
  return (seq: number): string => {
    const template = templates[seq % templates.length];
    const id = `~b${seq}`;
    const object = { ...(template.object as Json), _id: id, title: `${String((template.object as Json).title)} #${seq}`, benchSeq: seq, benchSentAt: 0 };
    const event: Json = { ...template, _id: `~a${seq}`, objectId: id, rootId: id, requestId: `bench:${seq}`, _createdAt: Date.now(), object };
    if (template.context) event.context = { ...(template.context as Json), _id: id };
    object.benchSentAt = nowMs();
    return JSON.stringify(event);
  };
}

class Poster {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    webhookUrl: string,
    private readonly headers: Record<string, string>,
    maxSockets: number,
  ) {
    this.url = new URL(webhookUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** POST the body; resolves with the status (0 on a transport error) and the time to the full answer. */
  post(body: string): Promise<{ status: number; ms: number }> {
    const started = nowMs();
    return new Promise((resolve) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: nowMs() - started }));
        },
      );
      req.on('error', () => resolve({ status: 0, ms: nowMs() - started }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

class RelayChild {
  private readonly child: ChildProcess;
  private stderr = '';
  private readonly waiters: Array<{ type: string; resolve: (message: any) => void }> = [];
  exited = false;

  constructor(sinkUrl: string, execArgv: string[] = []) {
    const entry = fileURLToPath(new URL('./relay-process.ts', import.meta.url));
    this.child = fork(entry, [], {
      execArgv: ['--import', 'tsx', ...execArgv],
      env: { ...process.env, BENCH_SINK_URL: sinkUrl, POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk) => (this.stderr = (this.stderr + String(chunk)).slice(-4000)));
    this.child.on('message', (message: { type: string }) => {
      const at = this.waiters.findIndex((waiter) => waiter.type === message.type || message.type === 'error');
      if (at >= 0) this.waiters.splice(at, 1)[0].resolve(message);
    });
    this.child.on('exit', () => {
      this.exited = true;
      for (const waiter of this.waiters.splice(0)) waiter.resolve({ type: 'error', message: `relay process exited: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}` });
    });
  }

  private next<T>(type: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay process: no ${type} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (message: { type: string; message?: string }) => {
          clearTimeout(timer);
          if (message.type === 'error') reject(new Error(message.message));
          else resolve(message as T);
        },
      });
    });
  }

  ready() {
    return this.next<{ webhookUrl: string; headers: Record<string, string>; missingSecrets: string[] }>('ready', 90_000);
  }

  stats(): Promise<RelayStats> {
    const reply = this.next<RelayStats>('stats', 30_000);
    this.child.send({ type: 'stats' });
    return reply;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

function countStatus(into: Record<string, number>, status: number) {
  into[String(status)] = (into[String(status)] ?? 0) + 1;
}

/** Wait until the sink holds every sequence number in `seqs`, or `limitMs` passes; returns the time waited (NaN on timeout). */
async function drain(sink: BenchSink, seqs: number[], limitMs: number): Promise<number> {
  const started = nowMs();
  let index = 0;
  while (nowMs() - started < limitMs) {
    while (index < seqs.length && sink.has(seqs[index])) index++;
    if (index === seqs.length) return (nowMs() - started) / 1000;
    await sleep(20);
  }
  return Number.NaN;
}

export async function runEndToEndBench(options: {
  rate: number;
  openSeconds: number;
  maxSeconds: number;
  rampSeconds: number;
  concurrency: number;
  drainLimitSeconds: number;
  warmupEvents: number;
  /** extra node flags for the relay process (e.g. --cpu-prof) */
  relayExecArgv?: string[];
}): Promise<EndToEndResult> {
  const sink = await new BenchSink().start();
  const relay = new RelayChild(sink.url, options.relayExecArgv);
  let poster: Poster | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const { webhookUrl, headers, missingSecrets } = await relay.ready();
    if (missingSecrets.length) throw new Error(`relay process: missing secrets ${missingSecrets.join(', ')}`);
    poster = new Poster(webhookUrl, headers, Math.max(options.concurrency, 64));
    const makeEvent = eventFactory();
    let seq = 0;

    // warm up (JIT, connections, queues), not counted
    const warm: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (seq < options.warmupEvents) {
          const mine = seq++;
          const answer = await poster!.post(makeEvent(mine));
          if (answer.status === 202) warm.push(mine);
        }
      }),
    );
    await drain(sink, warm, 30_000);
    await sleep(500);

    const afterStart = await relay.stats();
    let peak = afterStart.rss;
    let sampling = false;
    sampler = setInterval(() => {
      if (sampling || relay.exited) return;
      sampling = true;
      relay
        .stats()
        .then((stats) => (peak = Math.max(peak, stats.rss)))
        .catch(() => undefined)
        .finally(() => (sampling = false));
    }, 1000);

    // (a) open loop at a fixed rate
    const openAcks: number[] = [];
    const openRefused: Record<string, number> = {};
    const openAccepted: number[] = [];
    const openFirst = seq;
    const total = Math.round(options.rate * options.openSeconds);
    const interval = 1000 / options.rate;
    const pending: Array<Promise<void>> = [];
    let lagMax = 0;
    let lastSend = 0;
    const openStart = nowMs();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor((nowMs() - openStart) / interval) + 1);
      while (sent < due) {
        const mine = seq++;
        lastSend = nowMs();
        lagMax = Math.max(lagMax, lastSend - (openStart + sent * interval));
        sent++;
        pending.push(
          poster.post(makeEvent(mine)).then((answer) => {
            openAcks.push(answer.ms);
            if (answer.status === 202) openAccepted.push(mine);
            else countStatus(openRefused, answer.status);
          }),
        );
      }
      await sleep(1);
    }
    const openSendSeconds = (lastSend - openStart) / 1000;
    await Promise.all(pending);
    await drain(sink, openAccepted, options.drainLimitSeconds * 1000);
    const openLatency = sink.arrivals.filter((arrival) => arrival.seq >= openFirst && arrival.seq < seq).map((arrival) => arrival.latencyMs);
    const afterOpenLoop = await relay.stats();
    const openLoop: OpenLoopResult = {
      targetRate: options.rate,
      seconds: options.openSeconds,
      sent,
      achievedRate: sent / openSendSeconds,
      generatorLagMaxMs: lagMax,
      accepted: openAccepted.length,
      refused: openRefused,
      delivered: openLatency.length,
      lost: openAccepted.filter((s) => !sink.has(s)).length,
      latencyMs: summarise(openLatency),
      ackMs: summarise(openAcks),
    };

    // (b) as fast as the relay accepts, with bounded concurrency
    const maxFirst = seq;
    const maxAcks: number[] = [];
    const maxRefused: Record<string, number> = {};
    const maxAccepted: number[] = [];
    let posted = 0;
    const maxStart = nowMs();
    const maxEnd = maxStart + options.maxSeconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (nowMs() < maxEnd) {
          const mine = seq++;
          posted++;
          const answer = await poster!.post(makeEvent(mine));
          maxAcks.push(answer.ms);
          if (answer.status === 202) maxAccepted.push(mine);
          else countStatus(maxRefused, answer.status);
        }
      }),
    );
    const postingEnded = nowMs();
    const deliveredByEnd = maxAccepted.filter((s) => sink.has(s)).length;
    const rampEnd = maxStart + options.rampSeconds * 1000;
    const inWindow = sink.arrivals.filter((arrival) => arrival.seq >= maxFirst && arrival.at >= rampEnd && arrival.at <= maxEnd).length;
    maxAccepted.sort((a, b) => a - b);
    const drainSeconds = await drain(sink, maxAccepted, options.drainLimitSeconds * 1000);
    const maxLatency = sink.arrivals.filter((arrival) => arrival.seq >= maxFirst).map((arrival) => arrival.latencyMs);
    const afterMaxRun = await relay.stats();
    clearInterval(sampler);
    sampler = undefined;
    peak = Math.max(peak, afterOpenLoop.rss, afterMaxRun.rss);

    const maxRun: MaxRunResult = {
      concurrency: options.concurrency,
      seconds: (postingEnded - maxStart) / 1000,
      posted,
      accepted: maxAccepted.length,
      refused: maxRefused,
      ingestRate: maxAccepted.length / ((postingEnded - maxStart) / 1000),
      deliveredRate: inWindow / ((maxEnd - rampEnd) / 1000),
      rampSeconds: options.rampSeconds,
      backlogAtEnd: maxAccepted.length - deliveredByEnd,
      drainSeconds,
      delivered: maxLatency.length,
      lost: maxAccepted.filter((s) => !sink.has(s)).length,
      latencyMs: summarise(maxLatency),
      ackMs: summarise(maxAcks),
    };

    return {
      openLoop,
      maxRun,
      rss: { afterStart: afterStart.rss, afterOpenLoop: afterOpenLoop.rss, afterMaxRun: afterMaxRun.rss, peak },
      relayCpuMsPerEvent: {
        openLoop: (afterOpenLoop.cpuMs - afterStart.cpuMs) / Math.max(1, openLoop.delivered),
        maxRun: (afterMaxRun.cpuMs - afterOpenLoop.cpuMs) / Math.max(1, maxRun.delivered),
      },
      duplicates: sink.duplicates,
      signedDeliveries: sink.signed,
      relayWarnings: { lines: afterMaxRun.logLines, first: afterMaxRun.warnings },
    };
  } finally {
    if (sampler) clearInterval(sampler);
    poster?.close();
    await relay.stop();
    await sink.stop();
  }
}
