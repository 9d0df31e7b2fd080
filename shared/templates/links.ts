/**
 * The `{{url}}` of an event: where the UI of the TheHive version that sent it shows the object.
 *
 * TheHive 3 and 4 share one AngularJS UI (1.7, whose hash routes take its default `!` prefix):
 * a case is `index.html#!/case/{id}/details`, its task `…/case/{caseId}/tasks/{taskId}`, its
 * observable `…/case/{caseId}/observables/{id}`. An alert has no page of its own there, only the
 * list `index.html#!/alert/list`, so an alert that went into a case links the case.
 * (TheHive 4's own notifiers/Template.scala writes `#/case/…` without the `!`, a link that UI
 * does not route.)
 * TheHive 5: `/cases/{id}/details`, `/alerts/{id}/details`, a task (and its logs) on its case's
 * tasks tab `/cases/{caseId}/tasks`.
 */
import type { RelayEvent } from '../events/model.js';
import { isRecord } from '../json.js';

type Json = Record<string, unknown>;
const idOf = (value: unknown): string | undefined => {
  if (!isRecord(value)) return undefined;
  const id = value._id ?? value.id;
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : undefined;
};
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export interface LinkParents {
  /** the case the event is or belongs to, when known */
  caseObject?: Json;
  /** the alert the event is or belongs to, when known */
  alertObject?: Json;
}

/** The case a TheHive 3/4 event belongs to when no case object says it. */
function legacyCaseId(event: RelayEvent): string | undefined {
  switch (event.objectType) {
    case 'Alert':
      // imported: v4 details.caseId, v3 details.case (its rootId is the alert itself)
      return text(event.details.caseId) ?? text(event.details.case) ?? text(event.object?.case);
    case 'Task':
    case 'Log':
    case 'Observable':
      // TheHive 3's rootId is the case; TheHive 4's is the object or its task (see shared/events/parent.ts)
      return event.version === 3 ? event.rootId : undefined;
    case 'Job':
      // a TheHive 4 job's audit context is its case (CortexAuditSrv ObjectAudit[Job, Case])
      return event.rootId;
    case 'Action':
      return text(event.object?.objectType)?.toLowerCase() === 'case' ? text(event.object?.objectId) : undefined;
    default:
      return undefined;
  }
}

function legacyLink(base: string, event: RelayEvent, parents: LinkParents): string {
  const ui = `${base}/index.html#!`;
  const enc = encodeURIComponent;
  const caseId = event.objectType === 'Case' ? event.objectId : idOf(parents.caseObject) ?? legacyCaseId(event);
  if (!caseId) return event.objectType === 'Alert' || parents.alertObject ? `${ui}/alert/list` : base;
  const caseUrl = `${ui}/case/${enc(caseId)}`;
  switch (event.objectType) {
    case 'Task':
      return `${caseUrl}/tasks/${enc(event.objectId)}`;
    case 'Log': {
      // v4 embeds the log's task, v3 names it as the parent
      const taskId = idOf(event.object?.case_task) ?? text(event.object?._parent);
      return taskId ? `${caseUrl}/tasks/${enc(taskId)}` : `${caseUrl}/details`;
    }
    case 'Observable':
      return `${caseUrl}/observables/${enc(event.objectId)}`;
    default:
      return `${caseUrl}/details`;
  }
}

function v5Link(base: string, event: RelayEvent, parents: LinkParents): string {
  const enc = encodeURIComponent;
  if (event.objectType === 'Case') return `${base}/cases/${enc(event.objectId)}/details`;
  if (event.objectType === 'Alert') return `${base}/alerts/${enc(event.objectId)}/details`;
  const alertId = idOf(parents.alertObject);
  if (alertId) return `${base}/alerts/${enc(alertId)}/details`;
  const caseId = idOf(parents.caseObject) ?? event.rootId;
  if (!caseId) return base;
  const tab = event.objectType === 'Task' || event.objectType === 'Log' ? 'tasks' : 'details';
  return `${base}/cases/${enc(caseId)}/${tab}`;
}

/** Link to the event's object in TheHive, from the base URL without its trailing slash. */
export function linkTo(base: string, event: RelayEvent, parents: LinkParents): string {
  return event.version === 5 ? v5Link(base, event, parents) : legacyLink(base, event, parents);
}
