/**
 * Which triggers an event fires. Every rule reads the normalised event only (v3/v4 details
 * already carry the v5 names `stage`, `assignee`, `number`…, see shared/events/v5-fields.ts),
 * so the same rule covers TheHive 3, 4 and 5.
 *
 * | Trigger                | Fires on                                                                                       |
 * |------------------------|------------------------------------------------------------------------------------------------|
 * | AnyEvent               | every event                                                                                    |
 * | FilteredEvent          | never here: decided by the notifier's `filter` (shared/triggers/match.ts)                      |
 * | AlertCreated           | Alert create                                                                                   |
 * | AlertAssigned          | Alert update whose details set a non-empty `assignee` (v3/v4 `owner`)                           |
 * | AlertClosed            | Alert update whose details show stage Closed (v3/v4 status Ignored)                            |
 * | AlertImported          | Alert update whose details show stage/status Imported, or set `caseId` (merged into a case).   |
 * |                        | TheHive 4 emits no alert event on import (issue #1739), so it cannot fire for v4.              |
 * | CaseCreated            | Case create                                                                                    |
 * | CaseClosed             | Case update whose details show stage Closed, status Resolved (v3/v4), or a non-open status     |
 * |                        | together with an `endDate` (v5 without stage in details)                                       |
 * | CaseFlagged            | Case update whose details set `flag: true`                                                     |
 * | CaseShared             | Share create (TheHive 4/5 record a share as its own object)                                     |
 * | ObservableCreated      | Observable create (v0 `case_artifact`)                                                         |
 * | AlertObservableCreated | Observable create whose parent is an alert (context `_type` Alert, or object embeds `alert`)   |
 * | CaseObservableCreated  | Observable create whose parent is a case (context Case, object embeds `case`, or TheHive 3,    |
 * |                        | where only case observables are objects of their own). Parent unknown → neither fires.         |
 * | TaskAssigned           | Task update whose details set a non-empty `assignee` (v3/v4 `owner`)                            |
 * | TaskClosed             | Task update whose details set status Completed                                                 |
 * | TaskMandatory          | Task create or update whose details set `mandatory: true`                                      |
 * | LogInMyTask            | Log create. Every log belongs to a task; the relay does not know who "my" is, so it fires for   |
 * |                        | any task's log (TheHive fires it only for the task's assignee).                                |
 * | JobFinished            | Job update whose details set status Success or Failure                                         |
 * | ActionFinished         | Action update whose details set status Success or Failure                                      |
 * | CaseUpdated            | Case update or merge                                                                           |
 * | CaseAssigned           | Case update whose details set a non-empty `assignee` (v3/v4 `owner`)                            |
 * | CaseReopened           | Case update whose details set status Open (v3/v4: a case only goes back to Open by reopening), |
 * |                        | or a stage New/InProgress while clearing `endDate` (v5)                                        |
 * | CaseDeleted            | Case delete, or a v3/v4 update to status Deleted                                               |
 * | AlertUpdated           | Alert update or merge                                                                          |
 * | TaskCreated            | Task create                                                                                    |
 * | TaskUpdated            | Task update                                                                                    |
 * | LogCreated             | Log create                                                                                     |
 * | CommentCreated         | Comment create                                                                                 |
 */
import type { RelayEvent } from '../events/model.js';
import { triggerNames, type TriggerName } from './names.js';

type Rule = (event: RelayEvent) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const is = (type: string, action: string) => (event: RelayEvent) => event.objectType === type && event.action === action;
const updated = (type: string) => (event: RelayEvent) =>
  event.objectType === type && (event.action === 'update' || event.action === 'merge');
const onlyUpdate = (type: string) => (event: RelayEvent) => event.objectType === type && event.action === 'update';

const assigned = (event: RelayEvent) => typeof event.details.assignee === 'string' && event.details.assignee !== '';
const finished = (event: RelayEvent) => event.details.status === 'Success' || event.details.status === 'Failure';
const openStatuses = new Set(['New', 'InProgress', 'Open']);

function parentKind(event: RelayEvent): 'Case' | 'Alert' | undefined {
  const contextType = typeof event.context?._type === 'string' ? event.context._type.toLowerCase() : undefined;
  if (contextType === 'alert') return 'Alert';
  if (contextType === 'case') return 'Case';
  const object = event.object;
  if (object) {
    if (isRecord(object.alert) || typeof object.alertId === 'string') return 'Alert';
    if (isRecord(object.case) || typeof object.caseId === 'string') return 'Case';
  }
  // TheHive 3 keeps alert observables inside the alert: any observable object is a case's.
  if (event.version === 3) return 'Case';
  return undefined;
}

function caseClosed(event: RelayEvent): boolean {
  const { stage, status, endDate } = event.details;
  if (stage === 'Closed' || status === 'Resolved') return true;
  return stage === undefined && typeof status === 'string' && !openStatuses.has(status) && status !== 'Deleted' && endDate != null;
}

function caseReopened(event: RelayEvent): boolean {
  const { stage, status } = event.details;
  if (status === 'Open') return true;
  return (stage === 'New' || stage === 'InProgress') && 'endDate' in event.details && event.details.endDate == null;
}

const rules: Record<Exclude<TriggerName, 'FilteredEvent'>, Rule> = {
  AnyEvent: () => true,
  AlertCreated: is('Alert', 'create'),
  AlertAssigned: (e) => onlyUpdate('Alert')(e) && assigned(e),
  AlertClosed: (e) => onlyUpdate('Alert')(e) && e.details.stage === 'Closed',
  AlertImported: (e) =>
    updated('Alert')(e) &&
    (e.details.stage === 'Imported' || e.details.status === 'Imported' || (typeof e.details.caseId === 'string' && e.details.caseId !== '')),
  CaseCreated: is('Case', 'create'),
  CaseClosed: (e) => onlyUpdate('Case')(e) && caseClosed(e),
  CaseFlagged: (e) => onlyUpdate('Case')(e) && e.details.flag === true,
  CaseShared: is('Share', 'create'),
  ObservableCreated: is('Observable', 'create'),
  AlertObservableCreated: (e) => is('Observable', 'create')(e) && parentKind(e) === 'Alert',
  CaseObservableCreated: (e) => is('Observable', 'create')(e) && parentKind(e) === 'Case',
  TaskAssigned: (e) => onlyUpdate('Task')(e) && assigned(e),
  TaskClosed: (e) => onlyUpdate('Task')(e) && e.details.status === 'Completed',
  TaskMandatory: (e) => e.objectType === 'Task' && (e.action === 'create' || e.action === 'update') && e.details.mandatory === true,
  LogInMyTask: is('Log', 'create'),
  JobFinished: (e) => onlyUpdate('Job')(e) && finished(e),
  ActionFinished: (e) => onlyUpdate('Action')(e) && finished(e),
  CaseUpdated: updated('Case'),
  CaseAssigned: (e) => onlyUpdate('Case')(e) && assigned(e),
  CaseReopened: (e) => onlyUpdate('Case')(e) && caseReopened(e),
  CaseDeleted: (e) => is('Case', 'delete')(e) || (onlyUpdate('Case')(e) && e.details.status === 'Deleted'),
  AlertUpdated: updated('Alert'),
  TaskCreated: is('Task', 'create'),
  TaskUpdated: onlyUpdate('Task'),
  LogCreated: is('Log', 'create'),
  CommentCreated: is('Comment', 'create'),
};

const ordered = triggerNames.filter((name): name is Exclude<TriggerName, 'FilteredEvent'> => name !== 'FilteredEvent');

/** The triggers this event fires, in catalogue order (FilteredEvent excluded). */
export function firedTriggers(event: RelayEvent): TriggerName[] {
  const out: TriggerName[] = [];
  for (const name of ordered) if (rules[name](event)) out.push(name);
  return out;
}

/** The rule of one trigger (FilteredEvent has none: it is the notifier's filter). */
export function triggerFires(name: TriggerName, event: RelayEvent): boolean {
  return name === 'FilteredEvent' ? false : rules[name](event);
}
