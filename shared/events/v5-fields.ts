/**
 * Add TheHive 5 field names beside the originals, so one filter or template works whatever
 * version posted the event. Never overwrites a field that is already there, never mutates
 * its input (returns it as it is when there is nothing to add).
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
  // each v5 field the object lacks, undefined when there is nothing to add
  const id = '_id' in source ? undefined : source.id;
  const createdBy = '_createdBy' in source ? undefined : source.createdBy;
  const createdAt = '_createdAt' in source ? undefined : source.createdAt;
  const updatedBy = '_updatedBy' in source ? undefined : source.updatedBy;
  const updatedAt = '_updatedAt' in source ? undefined : source.updatedAt;
  // v0 `owner` is a login (null when unassigned); TheHive 5 shares have an unrelated boolean `owner`
  const assignee = 'assignee' in source || (typeof source.owner !== 'string' && source.owner !== null) ? undefined : source.owner;
  const severity = 'severity' in source && !('severityLabel' in source) ? severityLabel(source.severity) : undefined;
  const tlp = 'tlp' in source && !('tlpLabel' in source) ? tlpLabel(source.tlp, options.version) : undefined;
  const pap = 'pap' in source && !('papLabel' in source) ? papLabel(source.pap, options.version) : undefined;
  const values = 'customFields' in source && !('customFieldValues' in source) ? customFieldValues(source.customFields) : undefined;
  const number = options.objectType === 'Case' && !('number' in source) ? source.caseId : undefined;
  const stage = 'stage' in source ? undefined : stageOf(source, options);
  const nothingToAdd =
    id === undefined && createdBy === undefined && createdAt === undefined && updatedBy === undefined && updatedAt === undefined &&
    assignee === undefined && severity === undefined && tlp === undefined && pap === undefined && values === undefined &&
    number === undefined && stage === undefined;
  // A TheHive 5 object often has them all: the event then shares it, as it shares nested values.
  if (nothingToAdd) return source;
  // Each field is set by name: keys set through a variable would turn a large copy into a
  // dictionary-mode object, slower to read and to serialise for every notifier after this.
  const out: Json = { ...source };
  if (id !== undefined) out._id = id;
  if (createdBy !== undefined) out._createdBy = createdBy;
  if (createdAt !== undefined) out._createdAt = createdAt;
  if (updatedBy !== undefined) out._updatedBy = updatedBy;
  if (updatedAt !== undefined) out._updatedAt = updatedAt;
  if (assignee !== undefined) out.assignee = assignee;
  if (severity !== undefined) out.severityLabel = severity;
  if (tlp !== undefined) out.tlpLabel = tlp;
  if (pap !== undefined) out.papLabel = pap;
  if (values !== undefined) out.customFieldValues = values;
  if (number !== undefined) out.number = number;
  if (stage !== undefined) out.stage = stage;
  return out;
}

function stageOf(source: Json, options: V5FieldsOptions): string | undefined {
  if (options.objectType === 'Case') return caseStage(source, options.creating);
  if (options.objectType === 'Alert' && typeof source.status === 'string') return alertStages[source.status];
  return undefined;
}
