/**
 * Add TheHive 5 field names beside the originals, so one filter or template works whatever
 * version posted the event. Never overwrites a field that is already there, never mutates
 * its input.
 *
 * Derived `stage` of a v0 (v3/v4/v5-v0) case, whose `status` is only Open/Resolved/Deleted:
 *   - Resolved → Closed.
 *   - Open → the v5 `extendedStatus` when TheHive 5 sent one (New/InProgress); otherwise New
 *     when the event creates the case and InProgress afterwards. v3/v4 cannot tell "nobody
 *     looked at it yet" from "being worked on", so an existing open case counts as in progress.
 *   - Deleted → no stage (v5 has no such stage).
 * Derived `stage` of a v0 alert: New/Updated → New, Ignored → Closed, Imported → Imported.
 */
import type { RelayObjectType, TheHiveVersion } from './model.js';
import { papLabel, severityLabel, tlpLabel } from './labels.js';

type Json = Record<string, unknown>;

export interface V5FieldsOptions {
  objectType: RelayObjectType | undefined;
  version: TheHiveVersion;
  /** the event creates this object (decides New vs InProgress for an open v0 case) */
  creating: boolean;
}

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** v3/v4 `{ name: { string: "x", order: 1 } }` or v5 `[{ name, value }]` → `{ name: value }`. */
export function customFieldValues(customFields: unknown): Json | undefined {
  if (Array.isArray(customFields)) {
    const out: Json = {};
    for (const field of customFields) {
      if (isRecord(field) && typeof field.name === 'string') out[field.name] = field.value ?? null;
    }
    return out;
  }
  if (!isRecord(customFields)) return undefined;
  const out: Json = {};
  for (const [name, typed] of Object.entries(customFields)) {
    if (!isRecord(typed)) {
      out[name] = typed ?? null;
      continue;
    }
    let value: unknown = null;
    for (const [key, inner] of Object.entries(typed)) {
      if (key !== 'order') {
        value = inner;
        break;
      }
    }
    out[name] = value;
  }
  return out;
}

function caseStage(source: Json, creating: boolean): string | undefined {
  switch (source.status) {
    case 'Resolved':
      return 'Closed';
    case 'Open':
      if (source.extendedStatus === 'New' || source.extendedStatus === 'InProgress') return source.extendedStatus;
      return creating ? 'New' : 'InProgress';
    default:
      return undefined;
  }
}

const alertStages: Record<string, string> = { New: 'New', Updated: 'New', Ignored: 'Closed', Imported: 'Imported' };

export function withV5Fields(source: Json, options: V5FieldsOptions): Json {
  const out: Json = { ...source };
  // Each field is set by name: keys set through a variable would turn a large copy into a
  // dictionary-mode object, slower to read and to serialise for every notifier after this.
  if (source.id !== undefined && !('_id' in source)) out._id = source.id;
  if (source.createdBy !== undefined && !('_createdBy' in source)) out._createdBy = source.createdBy;
  if (source.createdAt !== undefined && !('_createdAt' in source)) out._createdAt = source.createdAt;
  if (source.updatedBy !== undefined && !('_updatedBy' in source)) out._updatedBy = source.updatedBy;
  if (source.updatedAt !== undefined && !('_updatedAt' in source)) out._updatedAt = source.updatedAt;
  // v0 `owner` is a login (null when unassigned); TheHive 5 shares have an unrelated boolean `owner`
  if ((typeof source.owner === 'string' || source.owner === null) && !('assignee' in source)) out.assignee = source.owner;
  const severity = 'severity' in source && !('severityLabel' in source) ? severityLabel(source.severity) : undefined;
  if (severity !== undefined) out.severityLabel = severity;
  const tlp = 'tlp' in source && !('tlpLabel' in source) ? tlpLabel(source.tlp, options.version) : undefined;
  if (tlp !== undefined) out.tlpLabel = tlp;
  const pap = 'pap' in source && !('papLabel' in source) ? papLabel(source.pap, options.version) : undefined;
  if (pap !== undefined) out.papLabel = pap;
  const values = 'customFields' in source && !('customFieldValues' in source) ? customFieldValues(source.customFields) : undefined;
  if (values !== undefined) out.customFieldValues = values;
  let stage: string | undefined;
  if (options.objectType === 'Case') {
    if (source.caseId !== undefined && !('number' in source)) out.number = source.caseId;
    stage = caseStage(source, options.creating);
  } else if (options.objectType === 'Alert' && typeof source.status === 'string') {
    stage = alertStages[source.status];
  }
  if (stage !== undefined && !('stage' in source)) out.stage = stage;
  return out;
}
