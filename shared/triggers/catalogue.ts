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
 * |                        | TheHive 4 records an import or merge as an Alert update with details {caseId} whose object     |
 * |                        | (and audit context) is the case (AuditSrv AlertAudit.createCase/mergeToCase).                  |
 * | CaseCreated            | Case create                                                                                    |
 * | CaseClosed             | Case update whose details show stage Closed, status Resolved (v3/v4), or a non-open status     |
 * |                        | together with an `endDate` (v5 without stage in details)                                       |
 * | CaseFlagged            | Case update whose details set `flag: true`                                                     |
 * | CaseShared             | Case update whose details hold a `share` object: TheHive 4 records a share as an update of the |
 * |                        | case with details {share: {organisation, profile}} (AuditSrv ShareAudit), as its own trigger   |
 * |                        | CaseShared reads it                                                                            |
 * | ObservableCreated      | Observable create (v0 `case_artifact`)                                                         |
 * | AlertObservableCreated | Observable create whose parent is an alert (context `_type` Alert, or the object embeds it:    |
 * |                        | `alert` from a TheHive 4 endpoint version 0, `Alert` from version 1, keyed by the v1 `_type`)  |
 * | CaseObservableCreated  | Observable create whose parent is a case (context Case, object embeds `case` or `Case`, or     |
 * |                        | TheHive 3, where only case observables are objects of their own). Parent unknown → neither     |
 * |                        | fires.                                                                                         |
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
import { isRecord } from '../json.js';

type Rule = (event: RelayEvent) => boolean;


const creates: Rule = (e) => e.action === 'create';
const updates: Rule = (e) => e.action === 'update';
const updatesOrMerges: Rule = (e) => e.action === 'update' || e.action === 'merge';
const deletes: Rule = (e) => e.action === 'delete';

const assigned = (event: RelayEvent) => typeof event.details.assignee === 'string' && event.details.assignee !== '';
const finished = (event: RelayEvent) => event.details.status === 'Success' || event.details.status === 'Failure';
const openStatuses = new Set(['New', 'InProgress', 'Open']);

function parentKind(event: RelayEvent): 'Case' | 'Alert' | undefined {
  const contextType = typeof event.context?._type === 'string' ? event.context._type.toLowerCase() : undefined;
  if (contextType === 'alert') return 'Alert';
  if (contextType === 'case') return 'Case';
  const object = event.object;
  if (object) {
    // TheHive 4 embeds the parent under its _type: `alert`/`case` (endpoint version 0), `Alert`/`Case` (version 1)
    if (isRecord(object.alert) || isRecord(object.Alert) || typeof object.alertId === 'string') return 'Alert';
    if (isRecord(object.case) || isRecord(object.Case) || typeof object.caseId === 'string') return 'Case';
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

/** Each trigger: the object type it concerns (undefined: any) and its rule on events of that type. */
const rules: Record<Exclude<TriggerName, 'FilteredEvent'>, [objectType: string | undefined, rule: Rule]> = {
  AnyEvent: [undefined, () => true],
  AlertCreated: ['Alert', creates],
  AlertAssigned: ['Alert', (e) => updates(e) && assigned(e)],
  AlertClosed: ['Alert', (e) => updates(e) && e.details.stage === 'Closed'],
  AlertImported: [
    'Alert',
    (e) =>
      updatesOrMerges(e) &&
      (e.details.stage === 'Imported' || e.details.status === 'Imported' || (typeof e.details.caseId === 'string' && e.details.caseId !== '')),
  ],
  CaseCreated: ['Case', creates],
  CaseClosed: ['Case', (e) => updates(e) && caseClosed(e)],
  CaseFlagged: ['Case', (e) => updates(e) && e.details.flag === true],
  CaseShared: ['Case', (e) => updates(e) && isRecord(e.details.share)],
  ObservableCreated: ['Observable', creates],
  AlertObservableCreated: ['Observable', (e) => creates(e) && parentKind(e) === 'Alert'],
  CaseObservableCreated: ['Observable', (e) => creates(e) && parentKind(e) === 'Case'],
  TaskAssigned: ['Task', (e) => updates(e) && assigned(e)],
  TaskClosed: ['Task', (e) => updates(e) && e.details.status === 'Completed'],
  TaskMandatory: ['Task', (e) => (creates(e) || updates(e)) && e.details.mandatory === true],
  LogInMyTask: ['Log', creates],
  JobFinished: ['Job', (e) => updates(e) && finished(e)],
  ActionFinished: ['Action', (e) => updates(e) && finished(e)],
  CaseUpdated: ['Case', updatesOrMerges],
  CaseAssigned: ['Case', (e) => updates(e) && assigned(e)],
  CaseReopened: ['Case', (e) => updates(e) && caseReopened(e)],
  CaseDeleted: ['Case', (e) => deletes(e) || (updates(e) && e.details.status === 'Deleted')],
  AlertUpdated: ['Alert', updatesOrMerges],
  TaskCreated: ['Task', creates],
  TaskUpdated: ['Task', updates],
  LogCreated: ['Log', creates],
  CommentCreated: ['Comment', creates],
};

// The rules by object type, in catalogue order, so an event only runs the rules of its type.
type Entry = [TriggerName, Rule];
const anyType: Entry[] = [];
const byType = new Map<string, Entry[]>();
for (const name of triggerNames) {
  if (name === 'FilteredEvent') continue;
  const [objectType, rule] = rules[name];
  if (objectType === undefined) anyType.push([name, rule]);
  else byType.set(objectType, [...(byType.get(objectType) ?? []), [name, rule]]);
}

/** The triggers this event fires, in catalogue order (FilteredEvent excluded). */
export function firedTriggers(event: RelayEvent): TriggerName[] {
  const out: TriggerName[] = [];
  for (const [name, rule] of anyType) if (rule(event)) out.push(name);
  for (const [name, rule] of byType.get(event.objectType) ?? []) if (rule(event)) out.push(name);
  return out;
}

/** The rule of one trigger (FilteredEvent has none: it is the notifier's filter). */
export function triggerFires(name: TriggerName, event: RelayEvent): boolean {
  if (name === 'FilteredEvent') return false;
  const [objectType, rule] = rules[name];
  return (objectType === undefined || objectType === event.objectType) && rule(event);
}
