/**
 * A target's Retry-After ("come back in N seconds") is honoured without using an attempt: the
 * target is pacing us, not failing. The message is put back with that delay; SQS delays stop
 * at 15 minutes, so a longer wait travels in the message as `notBefore`, and a copy received
 * earlier is put back for the rest without calling the target.
 * A target that keeps asking is honoured MAX_WAITS times, or MAX_WAIT_SECONDS in all, per
 * message; after that each Retry-After counts as an attempt (waiting at most 15 minutes), so a
 * target that refuses for ever still ends in the DLQ with its answer.
 */

/** SQS DelaySeconds maximum */
export const MAX_DELAY_SECONDS = 900;
export const MAX_WAITS = 100;
export const MAX_WAIT_SECONDS = 24 * 3600;

/** What a queued message carries about the waits its targets asked for. */
export interface Waiting {
  /** waits honoured so far, and their total length in seconds */
  waits?: { count: number; seconds: number };
  /** epoch ms before which the target is not called again */
  notBefore?: number;
}

/** The SQS delay for a wait of `seconds`. */
export const sqsDelay = (seconds: number): number => Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(seconds)));

/** How many seconds this copy came too early (the rest of a wait longer than SQS delays); 0: go on. */
export function secondsTooEarly(message: Waiting, nowMs: number): number {
  return message.notBefore === undefined ? 0 : Math.max(0, Math.ceil((message.notBefore - nowMs) / 1000));
}

/**
 * The copy of `message` that waits `seconds` as the target asked (put it back with
 * sqsDelay(seconds)), or undefined once this message's waits are used up.
 */
export function waitingCopy<M extends Waiting>(message: M, seconds: number, nowMs: number): M | undefined {
  const wait = Math.max(0, Math.ceil(seconds));
  const waits = { count: (message.waits?.count ?? 0) + 1, seconds: (message.waits?.seconds ?? 0) + wait };
  if (waits.count > MAX_WAITS || waits.seconds > MAX_WAIT_SECONDS) return undefined;
  const { notBefore: _earlier, ...rest } = message;
  return { ...rest, waits, ...(wait > MAX_DELAY_SECONDS ? { notBefore: nowMs + wait * 1000 } : {}) } as M;
}

/** `message` without its waits: a redrive out of the DLQ is an operator's decision and gets a fresh budget. */
export function withoutWaits<M extends Waiting>(message: M): Omit<M, keyof Waiting> {
  const { waits: _waits, notBefore: _notBefore, ...rest } = message;
  return rest;
}
