/** What a translation would do in TheHive, for dry runs: the exact requests and a readable summary. */
import { theHiveRequests, type TheHiveApiVersion, type TheHiveRequest } from '../thehive/requests.js';
import type { InputObservable } from '../thehive/types.js';
import type { FunctionConfig } from './schema.js';
import type { TheHiveAction } from './translator.js';

export interface PlannedRequest extends TheHiveRequest {
  /** absolute URL when `thehive.url` is configured */
  url?: string;
  /** when it is sent: always, or only in some case */
  when?: string;
}

const severityNames = ['', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

const listObservables = (observables: InputObservable[] = []) =>
  observables.length ? observables.map((o) => `${o.dataType} ${o.data}`).join(', ') : 'none';

/** `version` is `thehive.version`: TheHive 4 gets an alert's observables one by one after the alert. */
export function planRequests(actions: TheHiveAction[], thehiveUrl?: string, version: TheHiveApiVersion = 5): PlannedRequest[] {
  const planned: PlannedRequest[] = [];
  for (const action of actions) {
    if (action.kind === 'createAlert') {
      planned.push(theHiveRequests.createAlert(action.alert, version));
      if (version === 4) {
        const placeholder = `{id of the created alert ${action.alert.type}:${action.alert.source}:${action.alert.sourceRef}}`;
        planned.push(...theHiveRequests.addAlertObservables(placeholder, action.alert.observables ?? [], version));
      }
    } else if (action.kind === 'addObservables') {
      planned.push(theHiveRequests.findAlertBySourceRef(action));
      const placeholder = `{id of alert ${action.type}:${action.source}:${action.sourceRef}}`;
      planned.push(theHiveRequests.alertObservables(placeholder));
      for (const request of theHiveRequests.addAlertObservables(placeholder, action.observables, version)) {
        planned.push({ ...request, when: 'for each observable the alert does not have yet' });
      }
    }
  }
  const base = thehiveUrl?.replace(/\/+$/, '');
  return base ? planned.map((request) => ({ ...request, url: base + request.path })) : planned;
}

export function summarize(fn: FunctionConfig, actions: TheHiveAction[]): string {
  const lines = [`Dry run of function "${fn.name}" (${fn.type}): ${actions.length} action${actions.length === 1 ? '' : 's'}, nothing sent to TheHive.`];
  actions.forEach((action, index) => {
    const n = `${index + 1}.`;
    if (action.kind === 'ignore') {
      lines.push(`${n} nothing to do: ${action.reason}`);
    } else if (action.kind === 'createAlert') {
      const { alert } = action;
      lines.push(
        `${n} create alert "${alert.title}" (type ${alert.type}, source ${alert.source}, sourceRef ${alert.sourceRef}, ` +
          `severity ${alert.severity ?? 2} ${severityNames[alert.severity ?? 2]}, ${alert.tags?.length ?? 0} tags)`,
        `   observables: ${listObservables(alert.observables)}`,
        `   if TheHive already has this sourceRef: add only the observables it lacks`,
      );
    } else {
      lines.push(`${n} add observables to alert ${action.type}:${action.source}:${action.sourceRef}: ${listObservables(action.observables)}`);
    }
  });
  return lines.join('\n');
}
