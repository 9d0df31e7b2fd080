/**
 * RelayEvent: the one event shape every trigger, filter, template and notifier sees.
 * It is TheHive 5's audit event (so a TheHive 5 FilteredEvent filter or template works
 * unchanged), whatever version posted it. v3/v4 objects also carry the v5 field names
 * (`number`, `assignee`, `stage`, labels) beside their originals.
 */
export type TheHiveVersion = 3 | 4 | 5;

export type RelayAction = 'create' | 'update' | 'delete' | 'merge' | 'invoke' | (string & {});

/** TheHive 5 object type names; unknown types pass through PascalCased. */
export type RelayObjectType =
  | 'Case'
  | 'Alert'
  | 'Task'
  | 'Log'
  | 'Observable'
  | 'Job'
  | 'Action'
  | 'Comment'
  | 'Procedure'
  | 'Share'
  | 'Page'
  | 'User'
  | 'CaseTemplate'
  | (string & {});

export interface RelayOrganisation {
  organisation?: string;
  organisationId?: string;
}

export interface RelayEvent {
  /** version of TheHive that posted it (best guess from the envelope) */
  version: TheHiveVersion;
  /** which envelope it came in: v0 webhook family (v3, v4, v5-v0) or v5 audit */
  format: 'v0' | 'audit';
  /** audit record id when TheHive sent one */
  _id?: string;
  action: RelayAction;
  /** true for the primary operation of a request (v0 `base`, v5 `mainAction`) */
  mainAction: boolean;
  objectType: RelayObjectType;
  /** the original snake/lower v0 name (`case_task`, `case_artifact`…), when it came in v0 form */
  legacyObjectType?: string;
  objectId: string;
  /** the object after the change (absent on most deletes) */
  object?: Record<string, unknown>;
  /** changed fields only */
  details: Record<string, unknown>;
  /** parent/top object: v5 `context`, or the case/alert a TheHive 4 object embeds (shared/events/parent.ts); absent for v3 */
  context?: Record<string, unknown>;
  /** the case or alert the event belongs to (TheHive 4: the embedded parent's id, not the audit context) */
  rootId?: string;
  requestId?: string;
  organisation?: RelayOrganisation;
  /** epoch ms of the operation */
  _createdAt: number;
  /** actor login when known */
  _createdBy?: string;
  /** the original operation verb as sent (`Creation`, `create`…) */
  operation?: string;
}
