/**
 * POST /functions/{name}: authenticate the source, check its body, keep it as a run, queue the
 * run and answer 202 {"runId"}. With `?dryRun=true` or `mode: dry-run`, translate right away and
 * answer 200 with the summary and the TheHive requests it would make, touching nothing.
 */
import { createHash } from 'node:crypto';
import type { SecretRef } from '../config/secret-ref.js';
import { authSecretRefs, checkInboundAuthOrQueryToken } from '../http/inbound-auth.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/json-depth.js';
import type { InboundRequest } from '../http/types.js';
import { SecretNotFoundError, type Log, type Metrics } from '../ports.js';
import type { FunctionHttpRequest, FunctionHttpResponse, IntakeDeps, FunctionsDeps } from './deps.js';
import { findFunction } from './deps.js';
import { RunFailure, classify } from './failure.js';
import type { FunctionMessage } from './message.js';
import { planRequests, summarize } from './plan.js';
import { loadTranslator, parseBody, prepareActions } from './prepare.js';
import {
  dedupeSk,
  expiresAtFor,
  functionPk,
  getRun,
  newRunId,
  putRun,
  recordStatus,
  runSk,
  updateRun,
  type RunRecord,
} from './runs.js';
import { repostOutcome } from './repost.js';
import { functionStatus } from './status.js';
import type { FunctionConfig } from './schema.js';

const json = (status: number, body: Record<string, unknown>, headers?: Record<string, string>): FunctionHttpResponse => ({
  status,
  body,
  headers,
});

const iso = (ms: number) => new Date(ms).toISOString();

/** A request, plus whether its body's bytes were UTF-8 (known to the adapter that read them). */
export type IntakeRequest = FunctionHttpRequest & Pick<InboundRequest, 'invalidUtf8'>;

/** The intake's ports, plus where to warn about what does not change its answer. */
export type IntakeLogDeps = IntakeDeps & { log?: Pick<Log, 'warn'> };

/** The handler's view: where each request is logged, and its counts. */
export type ServeDeps = IntakeLogDeps & { requestLog: Pick<Log, 'info' | 'error'>; metrics?: Metrics };

/**
 * The name to log and count a request under. Callers choose the path: only a configured name
 * becomes a metric dimension or log field (each new dimension value is a new, billed CloudWatch
 * metric).
 */
const knownFunctionName = (name: string, deps: Pick<FunctionsDeps, 'functions'>): string =>
  deps.functions.some((fn) => fn.name === name) ? name : 'unknown';

/**
 * A request to /functions/{name} as the handler serves it: answered, logged, and for POST
 * counted as FunctionRequestAccepted or FunctionRequestRefused. An unexpected error is logged,
 * counted as FunctionRequestFailed and answered 500, so the source posts again.
 */
export async function serveFunctionRequest(name: string, request: IntakeRequest, deps: ServeDeps): Promise<FunctionHttpResponse> {
  const known = knownFunctionName(name, deps);
  try {
    const answer = await handleFunctionRequest(name, request, deps);
    deps.requestLog.info('function request', { function: known, method: request.method, status: answer.status, runId: answer.body.runId });
    if (request.method === 'POST') deps.metrics?.count(answer.status < 300 ? 'FunctionRequestAccepted' : 'FunctionRequestRefused', 1, { function: known });
    return answer;
  } catch (error) {
    deps.requestLog.error('function request failed', { function: known, error: (error as Error).message });
    deps.metrics?.count('FunctionRequestFailed', 1, { function: known });
    return json(500, { error: 'internal error: the payload was not accepted; post it again' });
  }
}

/**
 * The function's auth. Splunk's webhook action cannot send headers, so a bearer or header token
 * may also come as `?token=` (compared in constant time like the header).
 */
export async function authenticate(fn: FunctionConfig, request: FunctionHttpRequest, deps: Pick<FunctionsDeps, 'secrets'>): Promise<FunctionHttpResponse | undefined> {
  const values = new Map<SecretRef, string>();
  for (const ref of authSecretRefs(fn.auth)) values.set(ref, await deps.secrets.get(ref));
  const secret = (ref: SecretRef) => values.get(ref) ?? '';
  const check = checkInboundAuthOrQueryToken(fn.auth, request.headers, request.query, secret);
  if (check.ok === true) return undefined;
  return json(401, { error: check.error, field: check.field }, { 'www-authenticate': check.challenge });
}

/** Authenticated entry point for both methods of /functions/{name}. */
export async function handleFunctionRequest(name: string, request: IntakeRequest, deps: IntakeLogDeps): Promise<FunctionHttpResponse> {
  const fn = findFunction(deps, name);
  if (!fn) return json(404, { error: `no function named "${name}"`, field: 'name' });
  try {
    const denied = await authenticate(fn, request, deps);
    if (denied) return denied;
  } catch (error) {
    if (error instanceof SecretNotFoundError) {
      await recordConfigurationError(fn, deps, `auth: ${error.message}`);
      return json(500, { error: 'this function is misconfigured: a secret of its auth cannot be read (see its status)' });
    }
    throw error;
  }
  const method = request.method.toUpperCase();
  if (method === 'GET') {
    return functionStatus(fn, request, deps);
  }
  if (method !== 'POST') return json(405, { error: `method ${method} not allowed: POST a payload, or GET the status` }, { allow: 'GET, POST' });
  return intake(fn, request, deps);
}

async function recordConfigurationError(fn: FunctionConfig, deps: FunctionsDeps, message: string) {
  await recordStatus(deps.store, fn.name, { lastError: { at: iso(deps.clock.now()), runId: '', message, kind: 'configuration' } });
}

/** POST, after authentication. */
export async function intake(fn: FunctionConfig, request: IntakeRequest, deps: IntakeLogDeps): Promise<FunctionHttpResponse> {
  if (fn.mode === 'disabled') return json(403, { error: `function "${fn.name}" is disabled`, field: 'mode' });
  const bytes = Buffer.byteLength(request.body, 'utf8');
  if (bytes > fn.maxBodyBytes) {
    return json(413, { error: `body of ${bytes} bytes is above this function's maxBodyBytes (${fn.maxBodyBytes})`, field: '(body)' });
  }
  // a lossy decoding would garble the payload, and make distinct bodies one for the dedupe
  if (request.invalidUtf8) return json(400, { error: 'body is not valid UTF-8', field: '(body)' });
  const dryRunParam = request.query.dryRun ?? request.query.dryrun;
  if (dryRunParam !== undefined && !['true', 'false', '1', '0', ''].includes(dryRunParam)) {
    return json(400, { error: 'expected dryRun=true or dryRun=false', field: 'query.dryRun' });
  }
  // translators and the answer of GET ?run= walk the payload recursively: refuse before storing
  if (nestsDeeperThan(request.body, MAX_JSON_DEPTH)) {
    return json(400, { error: `body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, field: '(body)' });
  }
  if (fn.mode === 'dry-run' || dryRunParam === 'true' || dryRunParam === '1' || dryRunParam === '') {
    return dryRun(fn, request.body, deps);
  }

  const now = deps.clock.now();
  const runId = newRunId(now, deps.newId());
  const record: RunRecord = { runId, function: fn.name, status: 'queued', receivedAt: iso(now), updatedAt: iso(now), attempts: 0, payloadBytes: bytes };
  const expiresAt = expiresAtFor(now, fn.runRetentionDays);

  // check the format now, so the source hears about a bad body; a custom module that is not
  // bundled here is checked by its worker instead
  let problem: RunFailure | undefined;
  try {
    const payload = parseBody(request.body);
    const translator = await loadTranslator(fn, deps);
    const valid = translator?.validate(payload);
    if (valid && !valid.ok) problem = new RunFailure('validation', valid.message, false, undefined, valid.field);
  } catch (error) {
    problem = classify(error);
  }
  if (problem) {
    const error = { at: iso(now), kind: problem.kind, message: problem.message, field: problem.field };
    await putRun(deps.store, { ...record, status: 'rejected', error }, request.body, expiresAt);
    await recordStatus(deps.store, fn.name, {
      count: { rejected: 1 },
      lastError: { at: iso(now), runId, kind: problem.kind, message: problem.field ? `${problem.field}: ${problem.message}` : problem.message },
    });
    const status = problem.kind === 'configuration' ? 500 : 400;
    return json(status, { error: problem.message, field: problem.field ?? '(body)', runId });
  }

  // the same body posted again makes no second run, unless the first one failed or was never queued
  const hash = createHash('sha256').update(request.body).digest('hex');
  const pk = functionPk(fn.name);
  const marker = { pk, sk: dedupeSk(hash), expiresAt, runId, at: now };
  if (!(await deps.store.putIfAbsent(marker))) {
    const earlierMarker = await deps.store.get(pk, dedupeSk(hash));
    const earlierRun = typeof earlierMarker?.runId === 'string' ? await getRun(deps.store, fn.name, earlierMarker.runId) : undefined;
    const repost = repostOutcome(earlierMarker, earlierRun, now);
    if (repost.kind === 'duplicate') {
      await recordStatus(deps.store, fn.name, { count: { duplicatePosts: 1 } });
      return json(202, { runId: repost.run.runId, duplicate: true, status: repost.run.status });
    }
    if (repost.kind === 'in-flight') {
      const wait = String(repost.retryAfterSeconds);
      return json(503, { error: `the same body is being queued by an earlier post right now; post it again in ${wait} s`, runId: repost.runId }, { 'retry-after': wait });
    }
    if (repost.stale) {
      const error = { at: iso(now), kind: 'queue' as const, message: `its intake ended before the run was queued; the body was posted again as run ${runId}` };
      await updateRun(deps.store, fn.name, repost.stale.runId, { status: 'failed', updatedAt: iso(now), error });
    }
    await deps.store.put(marker);
  }

  await putRun(deps.store, record, request.body, expiresAt);
  const queueUrl = deps.queueUrl(fn.name);
  const message: FunctionMessage = { v: 1, function: fn.name, runId };
  try {
    if (!queueUrl) throw new Error(`no queue for function "${fn.name}"`);
    await deps.queue.sendBatch(queueUrl, [{ id: 'run', body: JSON.stringify(message) }]);
  } catch (error) {
    const text = `could not queue the run: ${(error as Error).message}`.slice(0, 300);
    await deps.store.update(pk, runSk(runId), { set: { status: 'failed', error: { at: iso(now), kind: 'queue', message: text } } });
    await deps.store.delete(pk, dedupeSk(hash));
    await recordStatus(deps.store, fn.name, { count: { failed: 1 }, lastError: { at: iso(now), runId, kind: 'queue', message: text } });
    return json(503, { error: 'the run could not be queued; post it again later', runId }, { 'retry-after': '30' });
  }
  // the run is queued: what follows is bookkeeping, and its failure must not turn the answer
  // into an error (a re-post would then make a second run of a body already queued)
  await deps.store.update(pk, runSk(runId), { set: { enqueuedAt: iso(now) } }).catch((error: Error) =>
    deps.log?.warn('run queued, but not recorded as queued: a re-post after the intake timeout runs it again', { function: fn.name, runId, error: error.message }),
  );
  await recordStatus(deps.store, fn.name, { count: { received: 1 } }).catch((error: Error) =>
    deps.log?.warn('run queued, but not counted', { function: fn.name, runId, error: error.message }),
  );
  return json(202, { runId });
}

/** Translate synchronously and describe the TheHive requests, sending none and storing nothing. */
export async function dryRun(fn: FunctionConfig, body: string, deps: FunctionsDeps): Promise<FunctionHttpResponse> {
  try {
    const payload = parseBody(body);
    const translator = await loadTranslator(fn, deps);
    if (!translator) {
      return json(501, {
        error: `the custom module of "${fn.name}" is not available to this endpoint; run the dry run with: hive-relay function test ${fn.name} PAYLOAD.json --dry-run`,
        field: 'module',
      });
    }
    const { actions, fetched } = await prepareActions(fn, translator, payload, deps, deps.clock.now());
    return json(200, {
      dryRun: true,
      function: fn.name,
      type: fn.type,
      summary: summarize(fn, actions),
      requests: planRequests(actions, deps.thehive?.url, deps.thehive?.version === 4 ? 4 : 5),
      ...(fetched ? { fetched: [fetched] } : {}),
      actions,
    });
  } catch (error) {
    const failure = classify(error);
    const status = failure.kind === 'validation' || failure.kind === 'translation' ? 400 : failure.transient ? 503 : failure.kind === 'configuration' ? 500 : 502;
    return json(status, { dryRun: true, error: failure.message, field: failure.field ?? (failure.kind === 'validation' ? '(body)' : undefined), kind: failure.kind });
  }
}
