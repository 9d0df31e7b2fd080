/**
 * The translate worker's use case, one queued run at a time: load the run, translate it (with
 * Sekoia's enrichment where needed), carry out the actions in TheHive, record the outcome.
 * It never throws for a run's own failure; it says what the queue should do:
 *   done  → delete the message;  retry → leave it for the queue to deliver again;
 *   park  → put it in the DLQ with the reason (the handler does), then delete it.
 */
import type { FailureRecord } from '../delivery/message.js';
import type { FunctionsDeps } from './deps.js';
import { findFunction } from './deps.js';
import { executeActions } from './execute.js';
import { RunFailure, classify } from './failure.js';
import type { FunctionMessage } from './message.js';
import { loadTranslator, parseBody, prepareActions } from './prepare.js';
import {
  finishedStatuses,
  getRun,
  recordStatus,
  runPayload,
  updateRun,
  type AlertOutcome,
  type RunError,
  type RunRecord,
  type RunStatus,
} from './runs.js';
import { theHiveClientFor } from './thehive-client.js';

export type WorkerOutcome =
  | { kind: 'done'; status: RunStatus; alerts: AlertOutcome[]; redelivered?: boolean }
  | { kind: 'retry'; error: RunError }
  | { kind: 'park'; failure: FailureRecord };

const iso = (ms: number) => new Date(ms).toISOString();

function describeSuccess(alerts: AlertOutcome[], ignored: string[]): string {
  if (!alerts.length) return `nothing to do: ${ignored.join('; ') || 'no actions'}`;
  return alerts
    .map((alert) => {
      const id = alert.id ? ` (${alert.id})` : '';
      switch (alert.outcome) {
        case 'created':
          return `created alert "${alert.title}"${id}`;
        case 'already-exists':
          return `alert ${alert.sourceRef}${id} already exists`;
        case 'merged':
          return `alert ${alert.sourceRef}${id} already exists: added ${alert.observablesAdded} observable(s)`;
        default:
          return `added ${alert.observablesAdded} observable(s) to alert ${alert.sourceRef}${id}`;
      }
    })
    .join('; ')
    .slice(0, 500);
}

export async function translateRun(
  message: FunctionMessage,
  delivery: { receiveCount: number },
  deps: FunctionsDeps,
): Promise<WorkerOutcome> {
  const now = deps.clock.now();
  const park = (reason: string, error: string, permanent = true, status?: number): WorkerOutcome => ({
    kind: 'park',
    failure: { reason, error, status, attempts: delivery.receiveCount, lastAttemptAt: iso(now), permanent },
  });
  const fn = findFunction(deps, message.function);
  if (!fn) return park('unknown function', `function "${message.function}" is not in the config`);
  const found = await getRun(deps.store, fn.name, message.runId);
  if (!found) return park('run not found', `run ${message.runId} of "${fn.name}" does not exist (expired after ${fn.runRetentionDays} days?)`);
  if (finishedStatuses.has(found.record.status)) {
    return { kind: 'done', status: found.record.status, alerts: found.record.alerts ?? [], redelivered: true };
  }
  const { runId } = found.record;
  await updateRun(deps.store, fn.name, runId, { status: 'running', updatedAt: iso(now) }, { attempts: 1 });

  try {
    const text = await runPayload(deps.store, fn.name, found.item);
    if (text === undefined) throw new RunFailure('validation', 'the payload parts of this run have expired', false, undefined, '(body)');
    const payload = parseBody(text);
    const translator = await loadTranslator(fn, deps);
    if (!translator) throw new RunFailure('configuration', `no custom module loader in this worker for "${fn.name}"`, false, undefined, 'module');
    const { actions } = await prepareActions(fn, translator, payload, deps, now);
    const client = await theHiveClientFor(deps);
    const { alerts, ignored } = await executeActions(actions, client);

    const status: RunStatus = !alerts.length ? 'ignored' : alerts.every((a) => a.outcome === 'already-exists') ? 'duplicate' : 'succeeded';
    const done: Partial<RunRecord> = { status, alerts, updatedAt: iso(deps.clock.now()), error: null as unknown as undefined };
    if (ignored.length) done.note = ignored.join('; ').slice(0, 500);
    await updateRun(deps.store, fn.name, runId, done);
    const created = alerts.filter((a) => a.outcome === 'created').length;
    const merged = alerts.filter((a) => a.outcome !== 'created').reduce((sum, a) => sum + a.observablesAdded, 0);
    await recordStatus(deps.store, fn.name, {
      count: { [status === 'succeeded' ? 'succeeded' : status === 'duplicate' ? 'duplicates' : 'ignored']: 1, alertsCreated: created, observablesAdded: merged },
      lastSuccess: { at: iso(deps.clock.now()), runId, message: describeSuccess(alerts, ignored) },
    });
    return { kind: 'done', status, alerts };
  } catch (caught) {
    const failure = classify(caught);
    const at = iso(deps.clock.now());
    const error: RunError = { at, kind: failure.kind, message: failure.message };
    if (failure.field) error.field = failure.field;
    if (failure.status) error.status = failure.status;
    const text = failure.field && !failure.message.startsWith(`${failure.field}:`) ? `${failure.field}: ${failure.message}` : failure.message;
    if (failure.transient && delivery.receiveCount < fn.maxReceiveCount) {
      await updateRun(deps.store, fn.name, runId, { status: 'retrying', error, updatedAt: at });
      await recordStatus(deps.store, fn.name, {
        count: { retries: 1 },
        lastError: { at, runId, kind: failure.kind, message: `${text} (attempt ${delivery.receiveCount} of ${fn.maxReceiveCount}, will retry)` },
      });
      return { kind: 'retry', error };
    }
    await updateRun(deps.store, fn.name, runId, { status: 'failed', error, updatedAt: at });
    const reason = failure.transient ? `gave up after ${delivery.receiveCount} attempts` : failure.kind === 'configuration' ? 'configuration error' : `${failure.kind} error`;
    await recordStatus(deps.store, fn.name, { count: { failed: 1 }, lastError: { at, runId, kind: failure.kind, message: `${reason}: ${text}`.slice(0, 600) } });
    return park(reason, text, !failure.transient, failure.status);
  }
}
