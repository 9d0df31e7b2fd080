/**
 * TheHive 5 object type names. The v0 webhook family (v3, v4, v5-v0) sends snake/lower names
 * (`case_task`, `case_artifact`…); filters and triggers are written against the v5 names.
 */
import type { RelayObjectType } from './model.js';

// A Map, not an object literal: a type named `constructor` or `__proto__` must not find Object.prototype.
const known = new Map<string, RelayObjectType>(Object.entries({
  case: 'Case',
  case_task: 'Task',
  case_task_log: 'Log',
  case_artifact: 'Observable',
  case_artifact_job: 'Job',
  alert: 'Alert',
  action: 'Action',
  task: 'Task',
  log: 'Log',
  observable: 'Observable',
  job: 'Job',
  comment: 'Comment',
  procedure: 'Procedure',
  share: 'Share',
  page: 'Page',
  user: 'User',
  casetemplate: 'CaseTemplate',
  case_template: 'CaseTemplate',
  customfield: 'CustomField',
  observabletype: 'ObservableType',
  organisation: 'Organisation',
  dashboard: 'Dashboard',
  profile: 'Profile',
  taxonomy: 'Taxonomy',
  pattern: 'Pattern',
}));

const pascal = (raw: string): string =>
  raw
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** `case_artifact` → `Observable`, `Case` → `Case`, `my_thing` → `MyThing`. */
export function objectTypeName(raw: string): RelayObjectType {
  const mapped = known.get(raw.toLowerCase());
  if (mapped) return mapped;
  return pascal(raw) || raw;
}
