/** Small measuring helpers shared by the bench sections. */

export const round = (value: number, digits = 0): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export interface RateRound {
  ops: number;
  /** wall-clock seconds */
  seconds: number;
  /** CPU seconds the process used meanwhile (user + system, every thread: GC helpers count too) */
  cpuSeconds: number;
}

export interface RateResult {
  rounds: RateRound[];
  /** operations per wall-clock second: median and best round */
  perSecond: { median: number; best: number };
  /**
   * operations per CPU second of this process: what one core does when it is not shared with
   * other processes; median and best round
   */
  perCpuSecond: { median: number; best: number };
  /** share of a core the process got (CPU seconds / wall seconds, all rounds) */
  cpuShare: number;
}

/**
 * Call `step(i)` (one operation each) for `warmupMs`, then count calls in `rounds` rounds of
 * `roundMs`. Other processes share this machine, so each round is timed by the wall clock and
 * by the process's CPU time; the best round is the least disturbed one. The clock is read once
 * per batch so that reading it costs nothing measurable.
 */
export function measureRate(step: (i: number) => void, options: { warmupMs: number; rounds: number; roundMs: number; batch?: number }): RateResult {
  const batch = options.batch ?? 64;
  let i = 0;
  const run = (ms: number): RateRound => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const end = start + ms;
    let ops = 0;
    let now = start;
    while (now < end) {
      for (let k = 0; k < batch; k++) step(i++);
      ops += batch;
      now = performance.now();
    }
    const used = process.cpuUsage(cpu);
    return { ops, seconds: (now - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  run(options.warmupMs);
  const rounds: RateRound[] = [];
  for (let r = 0; r < options.rounds; r++) rounds.push(run(options.roundMs));
  const wall = rounds.map((round) => round.ops / round.seconds);
  const cpu = rounds.map((round) => round.ops / Math.max(round.cpuSeconds, 1e-6));
  const total = rounds.reduce((sum, round) => ({ s: sum.s + round.seconds, c: sum.c + round.cpuSeconds }), { s: 0, c: 0 });
  return {
    rounds,
    perSecond: { median: median(wall), best: Math.max(...wall) },
    perCpuSecond: { median: median(cpu), best: Math.max(...cpu) },
    cpuShare: total.c / total.s,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keeps results alive so the JIT cannot drop the work that produced them. */
export const blackhole = { value: 0 };
