/**
 * What a body posted again to a function gets, from the run the first post made. The intake
 * stores the run as `queued`, sends it, then records `enqueuedAt` on it: a `queued` run
 * without `enqueuedAt` is still being sent, or its intake died before the send succeeded
 * (a timeout, a killed Lambda). Once the intake's timeout has passed, such a run is taken
 * over by the re-post, so a body is never answered "duplicate" for a run nobody queued.
 */
import type { StateItem } from '../ports.js';
import type { RunRecord } from './runs.js';

/** Longer than the intake Lambda's timeout (infra FUNCTION_INTAKE_TIMEOUT, 28 s). */
export const INTAKE_PENDING_MS = 60_000;

/** Statuses after which a re-post of the same body is processed again (a fix, then a retry). */
const retryable = new Set(['failed', 'rejected']);

export type Repost =
  /** the earlier run stands: answer it */
  | { kind: 'duplicate'; run: RunRecord }
  /** the earlier post is still being queued: come back later */
  | { kind: 'in-flight'; runId?: string; retryAfterSeconds: number }
  /** make a new run; `stale` is an earlier run whose intake died before queueing it */
  | { kind: 'again'; stale?: RunRecord };

/**
 * @param marker the body's DEDUPE item (`at`: epoch ms it was written, absent on old markers)
 * @param earlier the run it names, when that still exists
 */
export function repostOutcome(marker: StateItem | undefined, earlier: { record: RunRecord; item: StateItem } | undefined, nowMs: number): Repost {
  const inFlightUntil = (sinceMs: number) => {
    const left = sinceMs + INTAKE_PENDING_MS - nowMs;
    return left > 0 ? Math.ceil(left / 1000) : undefined;
  };
  if (!earlier) {
    // the marker is written before its run: the first intake is between the two, or died there
    const wait = typeof marker?.at === 'number' ? inFlightUntil(marker.at) : undefined;
    return wait ? { kind: 'in-flight', runId: marker?.runId as string | undefined, retryAfterSeconds: wait } : { kind: 'again' };
  }
  const { record, item } = earlier;
  if (retryable.has(record.status)) return { kind: 'again' };
  if (record.status === 'queued' && item.enqueuedAt === undefined) {
    const wait = inFlightUntil(Date.parse(record.receivedAt));
    return wait ? { kind: 'in-flight', runId: record.runId, retryAfterSeconds: wait } : { kind: 'again', stale: record };
  }
  return { kind: 'duplicate', run: record };
}
