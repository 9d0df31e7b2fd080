/**
 * Carry out a translation's actions through the TheHive client. Re-running them is safe: a
 * createAlert whose (type, source, sourceRef) exists turns into "add the observables it lacks",
 * so a re-posted or redelivered payload never makes a second alert.
 */
import type { TheHiveClient } from '../thehive/client.js';
import { TheHiveError, isTheHiveError } from '../thehive/errors.js';
import type { InputObservable, TheHiveObservable } from '../thehive/types.js';
import type { AlertOutcome } from './runs.js';
import type { TheHiveAction } from './translator.js';

export interface ExecutionResult {
  alerts: AlertOutcome[];
  /** reasons of `ignore` actions */
  ignored: string[];
}

const caseInsensitive = new Set(['hash', 'domain', 'fqdn', 'hostname', 'mail', 'ip']);
const observableKey = (dataType: string, data: unknown) => {
  const text = String(data ?? '').trim();
  return `${dataType}\u0000${caseInsensitive.has(dataType) ? text.toLowerCase() : text}`;
};

async function addMissing(client: TheHiveClient, alertId: string, wanted: InputObservable[]): Promise<number> {
  if (!wanted.length) return 0;
  const have = new Set((await client.alertObservables(alertId)).map((o: TheHiveObservable) => observableKey(o.dataType, o.data)));
  const missing = wanted.filter((o) => !have.has(observableKey(o.dataType, o.data)));
  if (!missing.length) return 0;
  const { added } = await client.addObservables(alertId, missing);
  return added.length;
}

async function findExisting(client: TheHiveClient, key: { type: string; source: string; sourceRef: string }) {
  const existing = await client.findAlertBySourceRef(key);
  if (!existing) {
    // TheHive said it exists but its search does not show it yet (or to this key): try again later
    throw new TheHiveError('transient', `TheHive: alert ${key.type}:${key.source}:${key.sourceRef} reported as existing but not found by its sourceRef`);
  }
  return existing;
}

export async function executeActions(actions: TheHiveAction[], client: TheHiveClient): Promise<ExecutionResult> {
  const result: ExecutionResult = { alerts: [], ignored: [] };
  for (const action of actions) {
    if (action.kind === 'ignore') {
      result.ignored.push(action.reason);
      continue;
    }
    if (action.kind === 'createAlert') {
      const { alert } = action;
      try {
        const created = await client.createAlert(alert);
        result.alerts.push({ sourceRef: alert.sourceRef, title: alert.title, id: created.alert?._id, outcome: 'created', observablesAdded: created.observablesAdded });
      } catch (error) {
        if (!isTheHiveError(error, 'already-exists')) throw error;
        const existing = await findExisting(client, alert);
        const added = await addMissing(client, existing._id, alert.observables ?? []);
        result.alerts.push({ sourceRef: alert.sourceRef, title: alert.title, id: existing._id, outcome: added ? 'merged' : 'already-exists', observablesAdded: added });
      }
      continue;
    }
    const existing = await client.findAlertBySourceRef(action);
    if (!existing) {
      throw new TheHiveError('permanent', `TheHive: no alert ${action.type}:${action.source}:${action.sourceRef} to add observables to`);
    }
    const added = await addMissing(client, existing._id, action.observables);
    result.alerts.push({ sourceRef: action.sourceRef, title: String(existing.title ?? ''), id: existing._id, outcome: 'observables-added', observablesAdded: added });
  }
  return result;
}
