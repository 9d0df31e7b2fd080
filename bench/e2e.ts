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
import { sleep } from './stats.js';
import { onInterrupt } from './cleanup.js';

export interface LatencySummary {
  /** values summarised: delivered (or answered) ones, plus lower bounds for the rest */
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /**
   * how many were still undelivered (unanswered) when the run's wait ended; they count with
   * their time so far, a lower bound, so a percentile that falls on one is "at least" that
   */
  censored: number;
  /** the percentiles at or above which censored values sit (p99 ≥ … when true) */
  p99IsLowerBound: boolean;
  p95IsLowerBound: boolean;
  p50IsLowerBound: boolean;
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
  /** non-202 answers by status, `error CODE` when the POST failed, `unanswered` when no answer came within the wait */
  refused: Record<string, number>;
  delivered: number;
  /** accepted but not at the sink when the wait ended */
  undelivered: number;
  /** POST sent → arrival at the sink */
  latencyMs: LatencySummary;
  /** POST sent → 202 received */
  ackMs: LatencySummary;
  /** relay CPU per delivered event, ms */
  relayCpuMsPerEvent: number;
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
  undelivered: number;
  latencyMs: LatencySummary;
  ackMs: LatencySummary;
  relayCpuMsPerEvent: number;
}

export interface RelayStats {
  rss: number;
  cpuMs: number;
  logLines: number;
  warnings: string[];
  /** outgoing requests so far, by AWS operation or `webhook` */
  calls: Record<string, number>;
}

export interface EndToEndResult {
  /** a short open-loop run at a low rate: the latency floor, with the relay far from saturated */
  probe: OpenLoopResult;
  /** the open-loop run at the target rate */
  openLoop: OpenLoopResult;
  /** the sustained run (a fresh relay, so no backlog of the open loop is in it) */
  maxRun: MaxRunResult;
  /** relay process RSS, bytes: after start-up and warm-up, after its runs; peak sampled every second */
  rss: { openLoopRelay: { before: number; after: number }; maxRunRelay: { before: number; after: number }; peak: number };
  /** relay requests per delivered event (over the max run), by AWS operation or `webhook` */
  callsPerEvent: Record<string, number>;
  /** 1000 / relay CPU ms per event in the max run: events per second one core of relay could do */
  capacityPerCore: number;
  duplicates: number;
  malformed: number;
  relayWarnings: { lines: number; first: string[] };
}

const summarise = (values: number[], censoredValues: number[] = []): LatencySummary => {
  const all = [...values.map((v) => ({ v, c: false })), ...censoredValues.map((v) => ({ v, c: true }))].sort((a, b) => a.v - b.v);
  const at = (p: number) => {
    if (!all.length) return { v: Number.NaN, c: false };
    const rank = Math.min(all.length, Math.max(1, Math.ceil((p / 100) * all.length)));
    // a censored value anywhere at or below this rank makes the percentile a lower bound
    return { v: all[rank - 1].v, c: all.slice(0, rank).some((x) => x.c) || all[rank - 1].c };
  };
  const [p50, p95, p99] = [at(50), at(95), at(99)];
  return {
    count: all.length,
    p50: p50.v,
    p95: p95.v,
    p99: p99.v,
    max: all.at(-1)?.v ?? Number.NaN,
    censored: censoredValues.length,
    p50IsLowerBound: p50.c,
    p95IsLowerBound: p95.c,
    p99IsLowerBound: p99.c,
  };
};

type Json = Record<string, unknown>;

/** Distinct TheHive 5 audit events: a case creation or an alert creation, with this sequence number. */
function eventFactory() {
  const templates = [fixture('v5-audit', 'case-create'), fixture('v5-audit', 'alert-create')];
  return (seq: number): { body: string; sentAt: number } => {
    const template = templates[seq % templates.length];
    const id = `~b${seq}`;
    const object = { ...(template.object as Json), _id: id, title: `${String((template.object as Json).title)} #${seq}`, benchSeq: seq, benchSentAt: 0 };
    const event: Json = { ...template, _id: `~a${seq}`, objectId: id, rootId: id, requestId: `bench:${seq}`, _createdAt: Date.now(), object };
    if (template.context) event.context = { ...(template.context as Json), _id: id };
    const sentAt = nowMs();
    object.benchSentAt = sentAt;
    return { body: JSON.stringify(event), sentAt };
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

  /** POST the body; resolves with the status (0 and the error code on a transport error) and the time to the full answer. */
  post(body: string): Promise<{ status: number; ms: number; error?: string }> {
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
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, ms: nowMs() - started, error: error.code ?? error.message }));
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
    const forget = onInterrupt(() => this.child.kill('SIGKILL'));
    this.child.on('exit', () => {
      forget();
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
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 12_000);
    await exited;
    clearTimeout(timer);
  }
}

function perEvent(before: Record<string, number>, after: Record<string, number>, events: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) out[key] = (count - (before[key] ?? 0)) / Math.max(1, events);
  return out;
}

function countStatus(into: Record<string, number>, answer: { status: number; error?: string }) {
  const key = answer.status === 0 ? `error ${answer.error ?? 'unknown'}` : String(answer.status);
  into[key] = (into[key] ?? 0) + 1;
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

interface Session {
  relay: RelayChild;
  poster: Poster;
  sink: BenchSink;
  makeEvent: ReturnType<typeof eventFactory>;
  next: () => number;
}

async function startSession(sink: BenchSink, makeEvent: Session['makeEvent'], next: () => number, options: { warmupEvents: number; maxSockets: number; relayExecArgv?: string[] }) {
  const relay = new RelayChild(sink.url, options.relayExecArgv);
  try {
    const { webhookUrl, headers, missingSecrets } = await relay.ready();
    if (missingSecrets.length) throw new Error(`relay process: missing secrets ${missingSecrets.join(', ')}`);
    const session: Session = { relay, poster: new Poster(webhookUrl, headers, options.maxSockets), sink, makeEvent, next };
    // warm up (JIT, connections, queues), not counted
    const warm: number[] = [];
    let left = options.warmupEvents;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (left-- > 0) {
          const seq = next();
          const answer = await session.poster.post(makeEvent(seq).body);
          if (answer.status === 202) warm.push(seq);
        }
      }),
    );
    await drain(sink, warm, 30_000);
    await sleep(300);
    return session;
  } catch (error) {
    await relay.stop();
    throw error;
  }
}

async function endSession(session: Session) {
  session.poster.close();
  await session.relay.stop();
}

/** Posts at `rate` for `seconds` whatever the answers, then waits up to `waitMs` for answers and deliveries. */
async function openLoop(session: Session, rate: number, seconds: number, waitMs: number): Promise<OpenLoopResult> {
  const { poster, sink, makeEvent, next } = session;
  const before = await session.relay.stats();
  const acks: number[] = [];
  const refused: Record<string, number> = {};
  const accepted: number[] = [];
  const acceptedSet = new Set<number>();
  const sentAt = new Map<number, number>();
  const inFlight = new Map<number, number>();
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const pending: Array<Promise<void>> = [];
  let lagMax = 0;
  let lastSend = 0;
  const start = nowMs();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((nowMs() - start) / interval) + 1);
    while (sent < due) {
      const seq = next();
      const event = makeEvent(seq);
      lastSend = event.sentAt;
      lagMax = Math.max(lagMax, lastSend - (start + sent * interval));
      sent++;
      sentAt.set(seq, event.sentAt);
      inFlight.set(seq, event.sentAt);
      pending.push(
        poster.post(event.body).then((answer) => {
          inFlight.delete(seq);
          acks.push(answer.ms);
          if (answer.status === 202) {
            accepted.push(seq);
            acceptedSet.add(seq);
          } else countStatus(refused, answer);
        }),
      );
    }
    await sleep(1);
  }
  const sendSeconds = Math.max(1e-3, (lastSend - start) / 1000);
  const deadline = nowMs() + waitMs;
  await Promise.race([Promise.all(pending), sleep(waitMs)]);
  await drain(sink, accepted, Math.max(0, deadline - nowMs()));
  const end = nowMs();
  const after = await session.relay.stats();

  const delivered: number[] = [];
  const undelivered: number[] = [];
  for (const [seq, at] of sentAt) {
    const arrival = sink.latencyOf(seq);
    if (arrival !== undefined) delivered.push(arrival);
    // accepted or still unanswered: waited for; refused ones are counted in `refused`
    else if (acceptedSet.has(seq) || inFlight.has(seq)) undelivered.push(end - at);
  }
  const unanswered = [...inFlight.values()].map((at) => end - at);
  return {
    targetRate: rate,
    seconds,
    sent,
    achievedRate: sent / sendSeconds,
    generatorLagMaxMs: lagMax,
    accepted: accepted.length,
    // a copy: POSTs still unanswered now fail later with ECONNRESET when the session closes
    // its own agent, and must not be counted as refused by the relay
    refused: { ...refused, ...(inFlight.size ? { unanswered: inFlight.size } : {}) },
    delivered: delivered.length,
    undelivered: accepted.filter((seq) => sink.latencyOf(seq) === undefined).length,
    latencyMs: summarise(delivered, undelivered),
    ackMs: summarise(acks, unanswered),
    relayCpuMsPerEvent: (after.cpuMs - before.cpuMs) / Math.max(1, delivered.length),
  };
}

/** As fast as the relay answers, `concurrency` POSTs at a time, for `seconds`; then a bounded drain. */
async function maxRun(session: Session, concurrency: number, seconds: number, rampSeconds: number, waitMs: number): Promise<{ result: MaxRunResult; before: RelayStats; after: RelayStats }> {
  const { poster, sink, makeEvent, next } = session;
  const before = await session.relay.stats();
  const acks: number[] = [];
  const refused: Record<string, number> = {};
  const accepted: number[] = [];
  const sentAt = new Map<number, number>();
  let posted = 0;
  const start = nowMs();
  const stopAt = start + seconds * 1000;
  let first = -1;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nowMs() < stopAt) {
        const mine = next();
        if (first < 0) first = mine;
        const event = makeEvent(mine);
        sentAt.set(mine, event.sentAt);
        posted++;
        const answer = await poster.post(event.body);
        acks.push(answer.ms);
        if (answer.status === 202) accepted.push(mine);
        else countStatus(refused, answer);
      }
    }),
  );
  const ended = nowMs();
  const deliveredByEnd = accepted.filter((s) => sink.has(s)).length;
  const rampEnd = start + rampSeconds * 1000;
  const inWindow = sink.arrivals.filter((arrival) => arrival.seq >= first && arrival.at >= rampEnd && arrival.at <= ended).length;
  accepted.sort((a, b) => a - b);
  const drainSeconds = await drain(sink, accepted, waitMs);
  const end = nowMs();
  const after = await session.relay.stats();
  const delivered: number[] = [];
  const undelivered: number[] = [];
  for (const s of accepted) {
    const latency = sink.latencyOf(s);
    if (latency !== undefined) delivered.push(latency);
    else undelivered.push(end - sentAt.get(s)!);
  }
  return {
    before,
    after,
    result: {
      concurrency,
      seconds: (ended - start) / 1000,
      posted,
      accepted: accepted.length,
      refused,
      ingestRate: accepted.length / ((ended - start) / 1000),
      deliveredRate: inWindow / Math.max(1e-3, (ended - rampEnd) / 1000),
      rampSeconds,
      backlogAtEnd: accepted.length - deliveredByEnd,
      drainSeconds,
      delivered: delivered.length,
      undelivered: undelivered.length,
      latencyMs: summarise(delivered, undelivered),
      ackMs: summarise(acks),
      relayCpuMsPerEvent: (after.cpuMs - before.cpuMs) / Math.max(1, delivered.length),
    },
  };
}

export async function runEndToEndBench(options: {
  probeRate: number;
  probeSeconds: number;
  rate: number;
  openSeconds: number;
  maxSeconds: number;
  rampSeconds: number;
  concurrency: number;
  /** how long a run waits for answers and deliveries after posting stops */
  waitSeconds: number;
  warmupEvents: number;
  /** extra node flags for the relay processes (e.g. --cpu-prof) */
  relayExecArgv?: string[];
}): Promise<EndToEndResult> {
  const sink = await new BenchSink().start();
  const makeEvent = eventFactory();
  let seq = 0;
  const next = () => seq++;
  const sessionOptions = { warmupEvents: options.warmupEvents, maxSockets: 512, relayExecArgv: options.relayExecArgv };
  const sessions: Session[] = [];
  let sampler: NodeJS.Timeout | undefined;
  let peak = 0;
  const sample = (session: Session) => {
    let busy = false;
    return setInterval(() => {
      if (busy || session.relay.exited) return;
      busy = true;
      session.relay
        .stats()
        .then((stats) => (peak = Math.max(peak, stats.rss)))
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, 1000);
  };
  try {
    // relay 1: the latency probe, then the open loop at the target rate
    const first = await startSession(sink, makeEvent, next, sessionOptions);
    sessions.push(first);
    const firstBefore = await first.relay.stats();
    sampler = sample(first);
    const probe = await openLoop(first, options.probeRate, options.probeSeconds, options.waitSeconds * 1000);
    const open = await openLoop(first, options.rate, options.openSeconds, options.waitSeconds * 1000);
    const firstAfter = await first.relay.stats();
    clearInterval(sampler);
    peak = Math.max(peak, firstBefore.rss, firstAfter.rss);
    await endSession(first);

    // relay 2: the sustained run, free of the open loop's backlog
    const second = await startSession(sink, makeEvent, next, { ...sessionOptions, maxSockets: options.concurrency });
    sessions.push(second);
    sampler = sample(second);
    const sustained = await maxRun(second, options.concurrency, options.maxSeconds, options.rampSeconds, options.waitSeconds * 1000);
    clearInterval(sampler);
    sampler = undefined;
    peak = Math.max(peak, sustained.before.rss, sustained.after.rss);
    await endSession(second);

    return {
      probe,
      openLoop: open,
      maxRun: sustained.result,
      rss: {
        openLoopRelay: { before: firstBefore.rss, after: firstAfter.rss },
        maxRunRelay: { before: sustained.before.rss, after: sustained.after.rss },
        peak,
      },
      callsPerEvent: perEvent(sustained.before.calls, sustained.after.calls, sustained.result.delivered),
      capacityPerCore: 1000 / sustained.result.relayCpuMsPerEvent,
      duplicates: sink.duplicates,
      malformed: sink.malformed,
      relayWarnings: { lines: sustained.after.logLines + firstAfter.logLines, first: [...firstAfter.warnings, ...sustained.after.warnings].slice(0, 5) },
    };
  } finally {
    if (sampler) clearInterval(sampler);
    for (const session of sessions) await endSession(session).catch(() => undefined);
    await sink.stop();
  }
}
