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

export interface RateResult {
  ops: number;
  seconds: number;
  perSecond: number;
}

/**
 * Call `step(i)` (one operation each) for `warmupMs`, then count calls for `durationMs`.
 * The clock is read once per batch so that reading it costs nothing measurable.
 */
export function measureRate(step: (i: number) => void, options: { warmupMs: number; durationMs: number; batch?: number }): RateResult {
  const batch = options.batch ?? 64;
  let i = 0;
  const run = (ms: number) => {
    const start = performance.now();
    const end = start + ms;
    let ops = 0;
    let now = start;
    while (now < end) {
      for (let k = 0; k < batch; k++) step(i++);
      ops += batch;
      now = performance.now();
    }
    return { ops, seconds: (now - start) / 1000 };
  };
  run(options.warmupMs);
  const { ops, seconds } = run(options.durationMs);
  return { ops, seconds, perSecond: ops / seconds };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keeps results alive so the JIT cannot drop the work that produced them. */
export const blackhole = { value: 0 };
