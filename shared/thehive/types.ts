/**
 * TheHive API bodies the relay sends (TheHive 5 `Input*` schemas; TheHive 4 accepts the same on
 * /api/v1). Only the fields the relay uses are typed; TheHive ignores none of them.
 */

/** 1 LOW, 2 MEDIUM, 3 HIGH, 4 CRITICAL */
export type Severity = 1 | 2 | 3 | 4;

export interface InputObservable {
  dataType: string;
  data: string;
  message?: string;
  tags?: string[];
  ioc?: boolean;
  sighted?: boolean;
  tlp?: number;
  pap?: number;
}

export interface InputCreateAlert {
  /** ≤ 32 */
  type: string;
  /** ≤ 32 */
  source: string;
  /** ≤ 128; (type, source, sourceRef) is unique per organisation */
  sourceRef: string;
  /** ≤ 512 */
  title: string;
  description: string;
  severity?: Severity;
  /** epoch ms */
  date?: number;
  tags?: string[];
  tlp?: number;
  pap?: number;
  caseTemplate?: string;
  externalLink?: string;
  customFields?: Record<string, unknown>;
  observables?: InputObservable[];
}

export interface InputUpdateCase {
  title?: string;
  description?: string;
  severity?: Severity;
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  flag?: boolean;
  tlp?: number;
  pap?: number;
  status?: string;
  summary?: string;
  assignee?: string;
  impactStatus?: string;
  /** TheHive 3/4 closing */
  resolutionStatus?: string;
  customFields?: Record<string, unknown>;
}

export interface InputCreateTask {
  /** ≤ 128 */
  title: string;
  group?: string;
  description?: string;
  status?: string;
  flag?: boolean;
  dueDate?: number;
  assignee?: string;
  mandatory?: boolean;
}

/** What TheHive answers for objects: `_id` always, the rest as sent/stored. */
export interface TheHiveObject {
  _id: string;
  [field: string]: unknown;
}

export interface TheHiveAlert extends TheHiveObject {
  type?: string;
  source?: string;
  sourceRef?: string;
  title?: string;
}

export interface TheHiveObservable extends TheHiveObject {
  dataType: string;
  data?: string;
}

export interface TheHiveUser extends TheHiveObject {
  login: string;
  name?: string;
  email?: string;
}

export interface TheHiveCase extends TheHiveObject {
  number?: number;
  title?: string;
  status?: string;
  severity?: number;
  assignee?: string;
}
