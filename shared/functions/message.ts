/** What travels on a function's queue (the payload stays in the run record), and its DLQ form. */
import type { DeadLetter } from '../delivery/message.js';

export interface FunctionMessage {
  v: 1;
  function: string;
  runId: string;
}

export type FunctionDeadLetter = DeadLetter<FunctionMessage>;

export function parseFunctionMessage(body: string): FunctionMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('function message: not JSON');
  }
  const message = parsed as Partial<FunctionMessage> & { message?: Partial<FunctionMessage> };
  // a redriven dead letter carries the original message inside
  const inner = message.message && typeof message.message === 'object' ? message.message : message;
  if (typeof inner.function !== 'string' || typeof inner.runId !== 'string') {
    throw new Error('function message: expected { function, runId }');
  }
  return { v: 1, function: inner.function, runId: inner.runId };
}
