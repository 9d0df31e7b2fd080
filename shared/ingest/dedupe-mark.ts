/**
 * The ingest's dedupe mark, written in two phases so that a duplicate is answered 2xx only
 * once the first post's messages are on their queues:
 *   pending  written (conditionally) before the send, expires after PENDING_MARK_SECONDS;
 *   routed   written after the send, kept for `ingest.dedupeSeconds`.
 * An ingest that dies between the two (a timeout, a killed Lambda) leaves a pending mark that
 * lapses on its own, and the re-post is routed then. A mark without `state` was written before
 * the pending phase existed and counts as routed, as it did then.
 */
import type { StateItem, StateStore } from '../ports.js';

/**
 * Longer than the ingest Lambda's timeout (infra INGEST_TIMEOUT, 10 s): once a pending mark
 * has lapsed, the ingest that wrote it has ended.
 */
export const PENDING_MARK_SECONDS = 60;

export const dedupeKey = (eventKey: string) => ({ pk: `EVENT#${eventKey}`, sk: 'INGEST' });

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * What a post of this body may do:
 * - `mine`: it wrote the pending mark; route, then confirm (or release on failure)
 * - `unmarked`: the state table failed; route anyway (delivery is idempotent on the event key)
 * - `routed`: an earlier post routed it
 * - `pending`: an earlier post is routing it right now; come back after `retryAfterSeconds`
 */
export type Claim =
  | { kind: 'mine' }
  | { kind: 'unmarked'; error: Error }
  | { kind: 'routed' }
  | { kind: 'pending'; retryAfterSeconds: number };

export async function claimDedupeMark(state: StateStore, eventKey: string, nowMs: number): Promise<Claim> {
  const key = dedupeKey(eventKey);
  const pending: StateItem = { ...key, state: 'pending', acceptedAt: nowMs, expiresAt: seconds(nowMs) + PENDING_MARK_SECONDS };
  try {
    // twice: the mark may lapse or be released between a refused put and the read
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (await state.putIfAbsent(pending)) return { kind: 'mine' };
      const earlier = await state.get(key.pk, key.sk);
      if (!earlier) continue;
      if (earlier.state !== 'pending') return { kind: 'routed' };
      const left = typeof earlier.expiresAt === 'number' ? earlier.expiresAt - seconds(nowMs) : PENDING_MARK_SECONDS;
      return { kind: 'pending', retryAfterSeconds: Math.max(1, Math.min(left, PENDING_MARK_SECONDS)) };
    }
    return { kind: 'pending', retryAfterSeconds: 1 };
  } catch (error) {
    return { kind: 'unmarked', error: error as Error };
  }
}

/** After every message is queued: duplicates are answered "already routed" for `dedupeSeconds`. */
export async function confirmDedupeMark(state: StateStore, eventKey: string, nowMs: number, dedupeSeconds: number): Promise<void> {
  await state.put({ ...dedupeKey(eventKey), state: 'routed', acceptedAt: nowMs, expiresAt: seconds(nowMs) + dedupeSeconds });
}

/** After a failed send: a re-post is routed at once rather than when the pending mark lapses. */
export async function releaseDedupeMark(state: StateStore, eventKey: string): Promise<void> {
  const key = dedupeKey(eventKey);
  await state.delete(key.pk, key.sk);
}
