/**
 * Delivery: one queue message → the notifier's requests, with the rules every type shares.
 *
 * - Each request runs once per (notifier, event key, request key) (OnceStore): a redelivered
 *   or redriven message replays stored answers instead of posting again.
 * - Permanent failures (4xx, template or config errors, refused addresses) are parked in the
 *   DLQ at once, with the reason.
 * - Transient failures (5xx, 408/425/429, timeouts, network) are retried. When the target
 *   said how long to wait (Retry-After), a copy is re-enqueued to wait that long and the
 *   original is done: the wait uses no attempt, nor holds the message in flight (see
 *   target-wait.ts for waits beyond SQS's 15 minutes and the bound on them).
 *   Otherwise the message is left to reappear after its visibility timeout.
 * - Attempts are counted across copies (`attempts` in the message + this copy's receive
 *   count); at `maxReceiveCount` the message is parked with the last reason, before SQS's
 *   redrive policy (set one higher, as a safety net) would move it without one.
 * - What a type remembers per case/alert is saved after its requests, with the time of the
 *   event: an older event (late, or handed out again) never overwrites a newer one's memory.
 *   A save that fails is a transient failure: the event comes back soon, replays its requests
 *   (nothing is sent twice) and saves again, so no later event misses the case's message.
 * - Resolved secrets are redacted from every stored reason and log line.
 */
import type { RelayConfig, NotifierConfig } from '../config/schema.js';
import { collectSecretRefs } from '../config/find-secret-refs.js';
import { notifierTypeOf } from '../notifiers/registry.js';
import type { NotifierType, OutboundRequest, Outcome, RenderContext } from '../notifiers/types.js';
import {
  HttpTransportError,
  SecretNotFoundError,
  type Clock,
  type HttpResponse,
  type Log,
  type Metrics,
  type QueueClient,
  type SecretResolver,
  type StateStore,
} from '../ports.js';
import type { DeadLetter, FailureRecord, NotifierMessage } from './message.js';
import { AlreadyInProgressError, type DeliveredRecord, type OnceStore } from './once.js';
import { makeRedactor, truncateText } from './redact.js';
import { carry, UnsendableError, type Carriers } from './transport.js';
import { memoryItemKey } from './memory-key.js';
import { claimFirstPost, FIRST_POST_WAIT_SECONDS, releaseFirstPost } from './first-post.js';
import { targetAnswer } from '../notifiers/answer.js';
import { secondsTooEarly, sqsDelay, waitingCopy, withoutWaits } from './target-wait.js';

export interface DeliveryDeps extends Carriers {
  config: RelayConfig;
  queue: QueueClient;
  /** this worker's queue (re-enqueue after Retry-After) and DLQ (parking) */
  queueUrl: string;
  dlqUrl: string;
  state: StateStore;
  secrets: SecretResolver;
  once: OnceStore;
  clock: Clock;
  metrics: Metrics;
  log: Log;
  /** notifier types by config `type` (default: the registry) */
  typeOf?: (type: string) => NotifierType<any>;
}

export interface QueueRecord {
  messageId: string;
  body: string;
  /** SQS ApproximateReceiveCount of this copy */
  receiveCount: number;
}

export type DeliveryResult =
  | { kind: 'delivered'; notifier: string; requests: number; replayed: number }
  /** put back on the queue: the target is called again in `delaySeconds` at the earliest */
  | { kind: 'requeued'; notifier: string; delaySeconds: number; attempts: number; reason: string }
  /** leave the message on the queue: it reappears after its visibility timeout */
  | { kind: 'retry'; notifier: string; attempts: number; reason: string }
  | { kind: 'parked'; notifier?: string; failure: FailureRecord };

const MAX_ERROR_CHARS = 1000;
const MAX_STORED_BODY_CHARS = 64 * 1024;
/** how long a case/alert's memory (e.g. its Slack thread) is kept after its last event */
export const MEMORY_TTL_SECONDS = 180 * 24 * 3600;

type Failure = {
  permanent: boolean;
  reason: string;
  status?: number;
  error?: string;
  request?: string;
  /** the target's Retry-After: a wait, not an attempt */
  afterSeconds?: number;
  /** come back this soon instead of after the visibility timeout (still an attempt) */
  againInSeconds?: number;
};

const stateUnavailable = (error: unknown): Failure => ({ permanent: false, reason: `state table unavailable: ${(error as Error).message}` });

/** An outcome other than delivered, thrown out of the once-store so that no record is kept. */
class NotDelivered extends Error {
  constructor(
    readonly outcome: Exclude<Outcome, { kind: 'delivered' }>,
    readonly response: HttpResponse,
    /** the target's answer with the parts of the request's secret URL/headers it may echo removed */
    readonly answer: string,
  ) {
    super(outcome.reason);
  }
}

export async function deliver(record: QueueRecord, deps: DeliveryDeps): Promise<DeliveryResult> {
  const message = parseMessage(record.body);
  if (typeof message === 'string') {
    return park(deps, record.body, undefined, { permanent: true, reason: `malformed queue message: ${message}` }, record.receiveCount, (t) => t);
  }
  const attempts = (message.attempts ?? 0) + record.receiveCount;
  const notifier = deps.config.notifiers.find((candidate) => candidate.name === message.notifier);
  if (!notifier) {
    const reason = `notifier "${message.notifier}" is not in the config`;
    return park(deps, message, message.notifier, { permanent: true, reason }, attempts, (t) => t);
  }
  const tooEarly = secondsTooEarly(message, deps.clock.now());
  if (tooEarly > 0) return waitForTarget(deps, message, notifier, tooEarly, attempts - 1);
  let type: NotifierType<any>;
  try {
    type = (deps.typeOf ?? notifierTypeOf)(notifier.type);
  } catch (error) {
    return park(deps, message, notifier.name, { permanent: true, reason: (error as Error).message }, attempts, (t) => t);
  }

  // secrets first: nothing is rendered or sent with a missing one
  const values = new Map<string, string>();
  let redact = (text: string) => text;
  try {
    for (const ref of collectSecretRefs(notifier)) values.set(ref.secret, await deps.secrets.get(ref));
    redact = makeRedactor(values.values());
  } catch (error) {
    redact = makeRedactor(values.values());
    const failure: Failure =
      error instanceof SecretNotFoundError
        ? { permanent: true, reason: `config: ${error.message}` }
        : { permanent: false, reason: `secrets unavailable: ${(error as Error).message}` };
    return fail(deps, record, message, notifier, failure, attempts, redact);
  }

  const memoryKey = safely(() => type.memoryKey?.(message.event, notifier));
  let memory: Record<string, unknown> | undefined;
  /** time of the newest event whose delivery saved the memory */
  let memoryEventAt: number | undefined;
  if (memoryKey) {
    try {
      const key = memoryItemKey(notifier.name, memoryKey);
      const item = await deps.state.get(key.pk, key.sk);
      memory = item?.memory as Record<string, unknown> | undefined;
      memoryEventAt = typeof item?.eventAt === 'number' ? item.eventAt : undefined;
    } catch (error) {
      return fail(deps, record, message, notifier, stateUnavailable(error), attempts, redact);
    }
  }

  const context: RenderContext = {
    thehiveUrl: deps.config.thehive?.url,
    secret: (ref) => {
      const name = typeof ref === 'string' ? ref : ref.secret;
      const value = values.get(name);
      if (value === undefined) throw new SecretNotFoundError(name, 'not referenced in the notifier config');
      return value;
    },
    memory,
    now: deps.clock.now(),
    eventKey: message.eventKey,
  };
  let requests: OutboundRequest[];
  try {
    requests = type.render(message.event, notifier, context);
  } catch (error) {
    return fail(deps, record, message, notifier, { permanent: true, reason: `render: ${(error as Error).message}` }, attempts, redact);
  }

  // nothing remembered yet: these requests post the case's first message, one event at a time
  // (claimed after render, so an event with nothing to send, or that fails to render, claims nothing)
  let claimed = false;
  if (memoryKey && !memory && requests.length > 0) {
    try {
      if ((await claimFirstPost(deps.state, notifier.name, memoryKey, message.eventKey, deps.clock.now())) === 'taken') {
        return waitForFirstPost(deps, message, notifier);
      }
      claimed = true;
    } catch (error) {
      return fail(deps, record, message, notifier, stateUnavailable(error), attempts, redact);
    }
  }

  const earlier: Record<string, HttpResponse> = {};
  const remembered: Record<string, unknown> = {};
  let replayed = 0;
  let failure: Failure | undefined;
  for (const rendered of requests) {
    let request = rendered;
    try {
      if (request.dependsOn) {
        if (!earlier[request.dependsOn]) throw new UnsendableError(`request ${request.key} depends on ${request.dependsOn}, which was not made`);
        request = type.complete ? type.complete(request, earlier) : request;
      }
    } catch (error) {
      failure = { permanent: true, reason: `render: ${(error as Error).message}`, request: rendered.key };
      break;
    }
    try {
      const result = await deps.once.once({ notifier: notifier.name, eventKey: message.eventKey, request: request.key }, async () => {
        const response = await carry(request, deps);
        const outcome = type.outcome(response, request);
        if (outcome.kind !== 'delivered') throw new NotDelivered(outcome, response, targetAnswer(response, request, 2000));
        return { response: storable(response), ...(outcome.remember ? { remember: outcome.remember } : {}) } satisfies DeliveredRecord;
      });
      if (result.replayed) replayed++;
      earlier[request.key] = result.record.response;
      Object.assign(remembered, result.record.remember ?? {});
    } catch (error) {
      failure = classify(error, request.key);
      break;
    }
  }

  // remember what the delivered requests established, even when a later one failed; never over
  // the memory of a newer event (a redelivered older event replays what it established then)
  const newest = memoryEventAt === undefined || message.event._createdAt >= memoryEventAt;
  if (memoryKey && Object.keys(remembered).length && newest) {
    const key = memoryItemKey(notifier.name, memoryKey);
    try {
      await deps.state.put({
        ...key,
        memory: { ...(memory ?? {}), ...remembered },
        eventAt: message.event._createdAt,
        updatedAt: deps.clock.now(),
        expiresAt: Math.floor(deps.clock.now() / 1000) + MEMORY_TTL_SECONDS,
      });
    } catch (error) {
      // unsaved, the next event would not find the case's message and post another one: this
      // event keeps its first-post claim and comes back before it lapses, to replay its
      // requests (nothing is sent again) and save what they remember
      const failure: Failure = { permanent: false, reason: `memory not saved: ${(error as Error).message}`, againInSeconds: FIRST_POST_WAIT_SECONDS };
      return fail(deps, record, message, notifier, failure, attempts, redact);
    }
  }
  // the first message is out (or this event gave up on it): other events of the case may go on
  if (claimed && memoryKey) {
    await releaseFirstPost(deps.state, notifier.name, memoryKey).catch((error: Error) =>
      deps.log.warn('first-post claim not released; it lapses by itself', { notifier: notifier.name, error: redact(error.message) }),
    );
  }

  if (failure) return fail(deps, record, message, notifier, failure, attempts, redact);
  deps.metrics.count('Delivered', 1, { notifier: notifier.name });
  if (replayed) deps.metrics.count('DeliveryReplayed', replayed, { notifier: notifier.name });
  deps.log.info('delivered', { notifier: notifier.name, eventKey: message.eventKey, requests: requests.length, replayed, attempts });
  return { kind: 'delivered', notifier: notifier.name, requests: requests.length, replayed };
}

function classify(error: unknown, request: string): Failure {
  if (error instanceof NotDelivered) {
    const { outcome, response } = error;
    return {
      permanent: outcome.kind === 'permanent',
      reason: outcome.reason,
      status: response.status,
      error: error.answer,
      request,
      afterSeconds: outcome.kind === 'retry' ? outcome.afterSeconds : undefined,
    };
  }
  if (error instanceof HttpTransportError) {
    return { permanent: error.kind === 'blocked', reason: `${error.kind}: ${error.message}`, error: error.message, request };
  }
  if (error instanceof UnsendableError) return { permanent: true, reason: error.message, request };
  if (error instanceof AlreadyInProgressError) return { permanent: false, reason: error.message, request };
  // the idempotency store or an unexpected failure of the relay itself: try again
  return { permanent: false, reason: `relay error: ${(error as Error).message}`, request };
}

/** Another event of the case is posting its first message: look again shortly, using no attempt. */
async function waitForFirstPost(deps: DeliveryDeps, message: NotifierMessage, notifier: NotifierConfig): Promise<DeliveryResult> {
  const reason = 'waiting for the first message of this case (posted by another event)';
  await requeue(deps, message, notifier.name, FIRST_POST_WAIT_SECONDS, 'DeliveryWaited');
  deps.log.info(reason, { notifier: notifier.name, eventKey: message.eventKey });
  return { kind: 'requeued', notifier: notifier.name, delaySeconds: FIRST_POST_WAIT_SECONDS, attempts: message.attempts ?? 0, reason };
}

/** A copy received before the end of its target's wait (longer than SQS delays): back for the rest. */
async function waitForTarget(deps: DeliveryDeps, message: NotifierMessage, notifier: NotifierConfig, seconds: number, attempts: number): Promise<DeliveryResult> {
  const reason = 'waiting as the target asked (Retry-After)';
  await requeue(deps, { ...message, attempts }, notifier.name, sqsDelay(seconds), 'DeliveryWaited');
  deps.log.info(reason, { notifier: notifier.name, eventKey: message.eventKey, delaySeconds: seconds });
  return { kind: 'requeued', notifier: notifier.name, delaySeconds: seconds, attempts, reason };
}

/** Put `copy` back on this worker's queue, received again after `delaySeconds` (counted under `metric`). */
async function requeue(
  deps: DeliveryDeps,
  copy: NotifierMessage,
  notifier: string,
  delaySeconds: number,
  metric: 'DeliveryWaited' | 'DeliveryRequeued' | 'DeliveryRetried',
): Promise<void> {
  await deps.queue.sendBatch(deps.queueUrl, [{ id: 'requeue', body: JSON.stringify(copy), delaySeconds, attributes: { notifier } }]);
  deps.metrics.count(metric, 1, { notifier });
}

async function fail(
  deps: DeliveryDeps,
  record: QueueRecord,
  message: NotifierMessage,
  notifier: NotifierConfig,
  failure: Failure,
  attempts: number,
  redact: (text: string) => string,
): Promise<DeliveryResult> {
  if (failure.permanent) return park(deps, message, notifier.name, failure, attempts, redact);
  const reason = truncateText(redact(failure.reason), MAX_ERROR_CHARS);
  if (failure.afterSeconds !== undefined) {
    // the target is pacing us, not failing: this receive was no attempt
    const used = attempts - 1;
    const copy = waitingCopy({ ...message, attempts: used }, failure.afterSeconds, deps.clock.now());
    if (copy) {
      const delaySeconds = Math.max(0, Math.ceil(failure.afterSeconds));
      await requeue(deps, copy, notifier.name, sqsDelay(delaySeconds), 'DeliveryRequeued');
      deps.log.info('retry after the target’s wait', { notifier: notifier.name, eventKey: message.eventKey, delaySeconds, attempts: used, reason });
      return { kind: 'requeued', notifier: notifier.name, delaySeconds, attempts: used, reason };
    }
  }
  if (attempts >= notifier.maxReceiveCount) return park(deps, message, notifier.name, failure, attempts, redact);
  // once its waits are used up, a target still pacing us costs an attempt per wait (≤ 15 min)
  const againInSeconds = failure.afterSeconds !== undefined ? sqsDelay(failure.afterSeconds) : failure.againInSeconds;
  if (againInSeconds !== undefined) {
    await requeue(deps, { ...message, attempts }, notifier.name, againInSeconds, 'DeliveryRetried');
    deps.log.warn('delivery failed; will retry soon', { notifier: notifier.name, eventKey: message.eventKey, delaySeconds: againInSeconds, attempts, reason });
    return { kind: 'requeued', notifier: notifier.name, delaySeconds: againInSeconds, attempts, reason };
  }
  deps.metrics.count('DeliveryRetried', 1, { notifier: notifier.name });
  deps.log.warn('delivery failed; will retry', { notifier: notifier.name, eventKey: message.eventKey, attempts, reason, messageId: record.messageId });
  return { kind: 'retry', notifier: notifier.name, attempts, reason };
}

async function park(
  deps: DeliveryDeps,
  message: NotifierMessage | string,
  notifier: string | undefined,
  failure: Failure,
  attempts: number,
  redact: (text: string) => string,
): Promise<DeliveryResult> {
  const waits = typeof message === 'string' ? undefined : message.waits?.count;
  const tries = waits ? `${attempts} attempts and ${waits} waits the target asked for` : `${attempts} attempts`;
  const record: FailureRecord = {
    reason: truncateText(redact(failure.permanent ? failure.reason : `gave up after ${tries}: ${failure.reason}`), MAX_ERROR_CHARS),
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    ...(failure.error !== undefined ? { error: truncateText(redact(failure.error), MAX_ERROR_CHARS) } : {}),
    attempts,
    lastAttemptAt: new Date(deps.clock.now()).toISOString(),
    permanent: failure.permanent,
    ...(failure.request ? { request: failure.request } : {}),
  };
  const letter: DeadLetter<NotifierMessage | string> = { message: typeof message === 'string' ? message : withoutWaits(message), failure: record };
  await deps.queue.sendBatch(deps.dlqUrl, [{ id: 'dead', body: JSON.stringify(letter), attributes: notifier ? { notifier } : undefined }]);
  deps.metrics.count('DeadLettered', 1, { notifier: notifier ?? 'unknown' });
  deps.log.warn('parked in the DLQ', { notifier, eventKey: typeof message === 'string' ? undefined : message.eventKey, ...record });
  return { kind: 'parked', notifier, failure: record };
}

function parseMessage(body: string): NotifierMessage | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'not JSON';
  }
  const message = parsed as Partial<NotifierMessage>;
  if (typeof message !== 'object' || message === null) return 'not a JSON object';
  if (message.v !== 1) return `unknown message version ${JSON.stringify(message.v)}`;
  if (typeof message.notifier !== 'string' || typeof message.eventKey !== 'string' || typeof message.event !== 'object' || message.event === null) {
    return 'expected notifier, eventKey and event';
  }
  return message as NotifierMessage;
}


function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

function storable(response: HttpResponse): HttpResponse {
  return { status: response.status, headers: response.headers, body: truncateText(response.body, MAX_STORED_BODY_CHARS) };
}

