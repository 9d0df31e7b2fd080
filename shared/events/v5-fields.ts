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
import { isRecord } from '../json.js';

type Json = Record<string, unknown>;

export interface V5FieldsOptions {
  objectType: RelayObjectType | undefined;
  version: TheHiveVersion;
  /** the event creates this object (decides New vs InProgress for an open v0 case) */
  creating: boolean;
}

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

/**
 * `value` under `key` on a copy of `source` (made on the first addition, then reused), unless
 * there is no value or `source` already has the key. Module-level rather than a closure in
 * withV5Fields: the closure made that function twice as slow (the copy keeps fast properties
 * either way).
 */
function add(out: Json | undefined, source: Json, key: string, value: unknown): Json | undefined {
  if (value === undefined || key in source) return out;
  (out ??= { ...source })[key] = value;
  return out;
}

export function withV5Fields(source: Json, options: V5FieldsOptions): Json {
  let out: Json | undefined;
  out = add(out, source, '_id', source.id);
  out = add(out, source, '_createdBy', source.createdBy);
  out = add(out, source, '_createdAt', source.createdAt);
  out = add(out, source, '_updatedBy', source.updatedBy);
  out = add(out, source, '_updatedAt', source.updatedAt);
  // v0 `owner` is a login (null when unassigned); TheHive 5 shares have an unrelated boolean `owner`
  if (typeof source.owner === 'string' || source.owner === null) out = add(out, source, 'assignee', source.owner);
  if ('severity' in source) out = add(out, source, 'severityLabel', severityLabel(source.severity));
  if ('tlp' in source) out = add(out, source, 'tlpLabel', tlpLabel(source.tlp, options.version));
  if ('pap' in source) out = add(out, source, 'papLabel', papLabel(source.pap, options.version));
  if ('customFields' in source) out = add(out, source, 'customFieldValues', customFieldValues(source.customFields));
  if (options.objectType === 'Case') out = add(out, source, 'number', source.caseId);
  out = add(out, source, 'stage', stageOf(source, options));
  // A TheHive 5 object often has them all: the event then shares it, as it shares nested values.
  return out ?? source;
}

function stageOf(source: Json, options: V5FieldsOptions): string | undefined {
  if (options.objectType === 'Case') return caseStage(source, options.creating);
  // own keys only: a status such as `constructor` is no stage
  if (options.objectType === 'Alert' && typeof source.status === 'string' && Object.hasOwn(alertStages, source.status)) return alertStages[source.status];
  return undefined;
}
