/**
 * The case or alert a TheHive 4 event belongs to, read from its object. TheHive 4's `rootId` is
 * the audit context (Webhook.scala `"rootId" -> audit.context._id`): the object itself for a task
 * or a case observable, the task for a log, the alert for an alert observable (AuditSrv
 * SelfContextObjectAudit, ObjectAudit[Log, Task], ObjectAudit[Observable, Alert]). So the case
 * is named only where the webhook embeds it in the object (controllers/v0/AuditRenderer, and
 * Webhook.scala's v1 renderer for endpoint version 1):
 *   - a task carries `case`, a log `case_task` with its `case`;
 *   - an observable carries its parent under the parent's `_type`: `case`/`alert` (version 0),
 *     `Case`/`Alert` (version 1).
 * One more shape: an audit whose object is a case while it names another type. An alert import
 * or merge is recorded as Audit(update, alert, {caseId}) with the case as context and object
 * (AuditSrv AlertAudit), a task or observable share likewise (ShareAudit): the object sent is
 * that case, not the changed object.
 */
import type { RelayObjectType } from './model.js';
import { objectTypeName } from './object-types.js';
import { isRecord } from '../json.js';

type Json = Record<string, unknown>;

export interface EmbeddedParent {
  type: 'Case' | 'Alert';
  parent: Json;
  /** the object sent is the parent itself (import, share), not the changed object */
  objectIsParent: boolean;
}

const typeOf = (value: Json): RelayObjectType | undefined => (typeof value._type === 'string' ? objectTypeName(value._type) : undefined);

export function embeddedParent(objectType: RelayObjectType, object: Json): EmbeddedParent | undefined {
  if (objectType !== 'Case' && typeOf(object) === 'Case') return { type: 'Case', parent: object, objectIsParent: true };
  switch (objectType) {
    case 'Task':
      return isRecord(object.case) ? { type: 'Case', parent: object.case, objectIsParent: false } : undefined;
    case 'Log': {
      const task = object.case_task;
      return isRecord(task) && isRecord(task.case) ? { type: 'Case', parent: task.case, objectIsParent: false } : undefined;
    }
    case 'Observable': {
      for (const [key, type] of [['case', 'Case'], ['Case', 'Case'], ['alert', 'Alert'], ['Alert', 'Alert']] as const) {
        const parent = object[key];
        if (isRecord(parent)) return { type, parent, objectIsParent: false };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
