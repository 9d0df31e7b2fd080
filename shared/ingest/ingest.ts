/**
 * Ingest: TheHive's webhook POST → one message on the queue of each matching notifier.
 *
 * Order of checks: credentials (401) → size (413) → content type and charset (415) → UTF-8,
 * JSON, depth (400) → TheHive event shape (400/422) → route. Every refusal is a JSON
 * `{ error, field }` and is counted; nothing refused reaches a queue. The answer is 2xx only
 * once every message is on its queue: TheHive posts once and never retries, so a 5xx at least
 * shows up in its log.
 */
import { createHash } from 'node:crypto';
import type { RelayConfig } from '../config/schema.js';
import type { SecretRef } from '../config/secret-ref.js';
import { normalise } from '../events/normalise.js';
import { eventKey as keyOf } from '../events/key.js';
import { matchNotifiers } from '../triggers/match.js';
import type { NotifierMessage } from '../delivery/message.js';
import type { Clock, Log, Metrics, QueueClient, SecretResolver, StateStore } from '../ports.js';
import { authSecretRefs, checkInboundAuthOrQueryToken } from '../http/inbound-auth.js';
import { charsetOf, isUtf8Charset } from '../http/content-type.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/json-depth.js';
import { errorResponse, type InboundRequest, type JsonResponse } from '../http/types.js';
import { claimDedupeMark, confirmDedupeMark, releaseDedupeMark } from './dedupe-mark.js';

export interface IngestDeps {
  config: RelayConfig;
  secrets: SecretResolver;
  queue: QueueClient;
  /** notifier name → queue URL */
  queueUrls: Record<string, string>;
  state: StateStore;
  clock: Clock;
  metrics: Metrics;
  log: Log;
}

/** SQS's message size limit (1 MiB since January 2026); larger events cannot be queued. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

const isJsonContentType = (value: string | undefined) => {
  const type = value?.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
};

export async function ingest(request: InboundRequest, deps: IngestDeps): Promise<JsonResponse> {
  const refused = (response: JsonResponse, reason: string) => {
    deps.metrics.count('IngestRejected', 1, { reason });
    deps.log.info('event refused', { status: response.status, reason, ...(response.body as object) });
    return response;
  };
  const { auth, maxBodyBytes, dedupeSeconds } = deps.config.ingest;

  // credentials
  let values: Map<string, string>;
  try {
    values = await resolveAll(authSecretRefs(auth), deps.secrets);
  } catch (error) {
    deps.log.error('ingest credentials unavailable', { error: (error as Error).message });
    deps.metrics.count('IngestFailed', 1, { reason: 'credentials-unavailable' });
    return errorResponse(500, 'the relay cannot check credentials right now (its ingest secret is unavailable)');
  }
  // TheHive 3 cannot send credentials: it may carry the token as ?token= in the endpoint URL
  const check = checkInboundAuthOrQueryToken(auth, request.headers, request.query, (ref) => values.get(ref.secret) ?? '');
  if (check.ok === false) {
    return refused(errorResponse(check.status, check.error, check.field, { 'www-authenticate': check.challenge }), 'unauthorized');
  }

  // shape of the request
  if (request.bodyBytes > maxBodyBytes) {
    return refused(errorResponse(413, `body is ${request.bodyBytes} bytes; the limit (ingest.maxBodyBytes) is ${maxBodyBytes}`, 'body'), 'too-large');
  }
  if (!isJsonContentType(request.headers['content-type'])) {
    const given = request.headers['content-type'] ? `"${request.headers['content-type']}"` : 'none';
    return refused(errorResponse(415, `expected Content-Type: application/json, got ${given}`, 'headers.content-type'), 'content-type');
  }
  // the body is read as UTF-8, and its bytes hashed as such for the dedupe: a body in another
  // encoding would be garbled, and two distinct ones could become the same text
  const charset = charsetOf(request.headers['content-type']);
  if (charset !== undefined && !isUtf8Charset(charset)) {
    return refused(errorResponse(415, `expected the charset UTF-8, got "${charset.slice(0, 40)}"`, 'headers.content-type'), 'charset');
  }
  if (request.invalidUtf8) {
    return refused(errorResponse(400, 'body is not valid UTF-8', 'body'), 'not-utf8');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(request.body);
  } catch (error) {
    return refused(errorResponse(400, `body is not valid JSON: ${(error as Error).message}`, 'body'), 'not-json');
  }
  if (nestsDeeperThan(request.body, MAX_JSON_DEPTH)) {
    return refused(errorResponse(400, `body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, 'body'), 'too-deep');
  }
  const normalised = normalise(payload);
  if (!normalised.ok) {
    return refused(errorResponse(normalised.status, normalised.message, normalised.field), 'not-an-event');
  }
  const event = normalised.event;

  // route
  const matches = matchNotifiers(event, deps.config.notifiers);
  const eventKey = keyOf(request.body);
  if (!matches.length) {
    deps.metrics.count('IngestNotRouted');
    deps.log.info('event matched no notifier', { eventKey, objectType: event.objectType, action: event.action });
    return { status: 202, body: { accepted: true, routed: [] } };
  }
  const now = deps.clock.now();
  const messages = matches.map(({ notifier, triggers }) => {
    const message: NotifierMessage = { v: 1, notifier: notifier.name, eventKey, event, acceptedAt: now, attempts: 0 };
    return { notifier: notifier.name, triggers, body: JSON.stringify(message) };
  });
  const tooBig = messages.find((message) => Buffer.byteLength(message.body) > MAX_MESSAGE_BYTES - 2048);
  if (tooBig) {
    return refused(
      errorResponse(413, `the normalised event is ${Buffer.byteLength(tooBig.body)} bytes; a queue message holds at most ${MAX_MESSAGE_BYTES}`, 'body'),
      'too-large',
    );
  }

  // the same body twice is routed once (TheHive may post an event again; so may a proxy)
  const claim = await claimDedupeMark(deps.state, eventKey, now);
  if (claim.kind === 'routed') {
    deps.metrics.count('IngestDuplicate');
    deps.log.info('duplicate event: already routed', { eventKey });
    return { status: 202, body: { accepted: true, duplicate: true, routed: [] } };
  }
  if (claim.kind === 'pending') {
    // not 2xx: the earlier post may still fail, and then this one must be posted again
    deps.metrics.count('IngestInFlight');
    deps.log.info('duplicate event: an earlier post is routing it now', { eventKey });
    const wait = String(claim.retryAfterSeconds);
    return errorResponse(503, `the same event is being routed by an earlier post right now; post it again in ${wait} s`, undefined, { 'retry-after': wait });
  }
  if (claim.kind === 'unmarked') {
    // delivery is idempotent on the same event key, so routing without the mark is safe
    deps.log.warn('dedupe mark not written; routing anyway', { eventKey, error: claim.error.message });
  }

  const results = await Promise.allSettled(
    messages.map(async (message) => {
      const queueUrl = deps.queueUrls[message.notifier];
      if (!queueUrl) throw new Error(`no queue for notifier ${message.notifier}`);
      await deps.queue.sendBatch(queueUrl, [
        { id: messageId(message.notifier), body: message.body, attributes: { notifier: message.notifier, triggers: message.triggers.join(',') } },
      ]);
    }),
  );
  const failed = messages.filter((_, index) => results[index].status === 'rejected').map((message) => message.notifier);
  if (failed.length) {
    results.forEach((result, index) => {
      if (result.status === 'rejected') deps.log.error('enqueue failed', { notifier: messages[index].notifier, eventKey, error: String(result.reason) });
    });
    // a pending mark left behind lapses by itself: the re-post then waits, never gets "duplicate"
    if (claim.kind === 'mine') await releaseDedupeMark(deps.state, eventKey).catch((error: Error) => deps.log.warn('dedupe mark not released', { eventKey, error: error.message }));
    deps.metrics.count('IngestFailed', 1, { reason: 'enqueue' });
    return errorResponse(503, `the event could not be queued for: ${failed.join(', ')}; it was not accepted, post it again`);
  }
  try {
    await confirmDedupeMark(deps.state, eventKey, now, dedupeSeconds);
  } catch (error) {
    // the event is queued, so the answer stays 202; a re-post after the pending mark lapses is
    // routed again, and delivery drops it on the event key
    deps.log.warn('dedupe mark not confirmed', { eventKey, error: (error as Error).message });
  }
  deps.metrics.count('IngestAccepted');
  deps.metrics.count('IngestRouted', messages.length);
  const routed = messages.map((message) => message.notifier);
  deps.log.info('event routed', { eventKey, objectType: event.objectType, action: event.action, routed });
  return { status: 202, body: { accepted: true, routed } };
}

async function resolveAll(refs: SecretRef[], secrets: SecretResolver): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const ref of refs) values.set(ref.secret, await secrets.get(ref));
  return values;
}

/** SQS batch entry ids allow [A-Za-z0-9_-]{1,80}; notifier names already fit, hash to be safe. */
const messageId = (name: string) => createHash('sha1').update(name).digest('hex');
