/**
 * A generic webhook target on 127.0.0.1: records every request, answers 200 by default or
 * from a script (see RecordingTarget), and lets a test wait until requests have arrived.
 */
import { RecordingTarget, type RecordedRequest, type Responder } from './recording-target.js';

export type { RecordedRequest, ScriptedAnswer } from './recording-target.js';

export class Sink extends RecordingTarget {
  private answer: Responder;

  constructor(respond: Responder) {
    const holder: { sink?: Sink } = {};
    super((request) => holder.sink!.answer(request));
    holder.sink = this;
    this.answer = respond;
  }

  /** Change how the sink answers from now on (a target going down, or coming back). */
  respondWith(respond: Responder): this {
    this.answer = respond;
    return this;
  }

  /** URL of a path on this sink */
  url(path = '/hook'): string {
    return `${this.baseUrl}${path}`;
  }

  /** Resolves once at least `count` requests arrived (rejects after `timeoutMs`). */
  async waitForRequests(count: number, timeoutMs = 15_000): Promise<RecordedRequest[]> {
    await waitFor(() => this.requests.length >= count, timeoutMs, () => `expected ${count} request(s) at the sink, got ${this.requests.length}`);
    return this.requests;
  }
}

export async function startSink(respond: Responder = () => ({ status: 200, body: 'ok' })): Promise<Sink> {
  return new Sink(respond).start();
}

/** Poll `condition` until true; fail with `describe()` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, describe: () => string = () => 'condition not met'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
