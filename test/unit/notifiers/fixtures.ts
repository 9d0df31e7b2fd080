/**
 * TheHive events for notifier tests, normalised from webhook bodies the way ingest does:
 * a TheHive 5 case's life (created → assigned/in progress → task → observable → closed),
 * an alert, and TheHive 4 (v0 envelope) events.
 */
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';

export const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const minutes = (n: number) => T0 + n * 60_000;

export const THEHIVE_URL = 'https://thehive.example.org';

function event(payload: Record<string, unknown>): RelayEvent {
  const result = normalise(payload);
  if (!result.ok) throw new Error(`fixture: ${result.message}`);
  return result.event;
}

const org = { organisation: 'SOC', organisationId: '~4' };

export const v5Case = (over: Record<string, unknown> = {}) => ({
  _id: '~41',
  _type: 'Case',
  number: 7,
  title: 'Phishing campaign against finance',
  description: 'Several users in finance reported an email asking to "validate" their payroll account.',
  severity: 3,
  severityLabel: 'HIGH',
  tlp: 2,
  tlpLabel: 'AMBER',
  pap: 2,
  papLabel: 'AMBER',
  status: 'New',
  stage: 'New',
  tags: ['phishing', 'finance'],
  flag: false,
  startDate: T0,
  _createdAt: T0,
  _createdBy: 'alice@corp',
  ...over,
});

const audit = (over: Record<string, unknown>) => ({
  _type: 'Audit',
  mainAction: true,
  requestId: 'req-1',
  organisation: org,
  ...over,
});

export const caseLife = {
  created: () =>
    event(audit({ _id: '~a1', action: 'create', objectType: 'Case', objectId: '~41', rootId: '~41', _createdAt: minutes(0), _createdBy: 'alice@corp', details: {}, object: v5Case() })),
  inProgress: () =>
    event(
      audit({
        _id: '~a2',
        action: 'update',
        objectType: 'Case',
        objectId: '~41',
        rootId: '~41',
        _createdAt: minutes(5),
        _createdBy: 'bob@corp',
        details: { status: 'InProgress', stage: 'InProgress', assignee: 'bob@corp' },
        object: v5Case({ status: 'InProgress', stage: 'InProgress', assignee: 'bob@corp' }),
      }),
    ),
  taskCreated: () =>
    event(
      audit({
        _id: '~a3',
        action: 'create',
        objectType: 'Task',
        objectId: '~77',
        rootId: '~41',
        _createdAt: minutes(6),
        _createdBy: 'bob@corp',
        details: {},
        object: { _id: '~77', _type: 'Task', title: 'Block the sender domain', group: 'containment', status: 'Waiting', order: 0 },
        context: v5Case({ status: 'InProgress', stage: 'InProgress', assignee: 'bob@corp' }),
      }),
    ),
  observableCreated: () =>
    event(
      audit({
        _id: '~a4',
        action: 'create',
        objectType: 'Observable',
        objectId: '~88',
        rootId: '~41',
        _createdAt: minutes(7),
        _createdBy: 'bob@corp',
        details: {},
        object: { _id: '~88', _type: 'Observable', dataType: 'ip', data: '203.0.113.7', tlp: 2, tlpLabel: 'AMBER', pap: 2, papLabel: 'AMBER', ioc: true, tags: ['c2'], message: 'sender relay' },
        context: v5Case({ status: 'InProgress', stage: 'InProgress', assignee: 'bob@corp' }),
      }),
    ),
  closed: () =>
    event(
      audit({
        _id: '~a5',
        action: 'update',
        objectType: 'Case',
        objectId: '~41',
        rootId: '~41',
        _createdAt: minutes(30),
        _createdBy: 'bob@corp',
        details: { status: 'TruePositive', stage: 'Closed', summary: 'Sender domain blocked, passwords reset.', impactStatus: 'WithImpact' },
        object: v5Case({ status: 'TruePositive', stage: 'Closed', assignee: 'bob@corp', summary: 'Sender domain blocked, passwords reset.', impactStatus: 'WithImpact', endDate: minutes(30) }),
      }),
    ),
  reopened: () =>
    event(
      audit({
        _id: '~a6',
        action: 'update',
        objectType: 'Case',
        objectId: '~41',
        rootId: '~41',
        _createdAt: minutes(40),
        _createdBy: 'bob@corp',
        details: { status: 'InProgress', stage: 'InProgress' },
        object: v5Case({ status: 'InProgress', stage: 'InProgress', assignee: 'bob@corp' }),
      }),
    ),
};

export const v5Alert = (over: Record<string, unknown> = {}) => ({
  _id: '~900',
  _type: 'Alert',
  type: 'siem',
  source: 'Splunk',
  sourceRef: 'notable-1234',
  title: 'Impossible travel for j.doe',
  description: 'Logins from Paris and Sydney within 10 minutes.',
  severity: 2,
  severityLabel: 'MEDIUM',
  tlp: 2,
  tlpLabel: 'AMBER',
  pap: 2,
  papLabel: 'AMBER',
  status: 'New',
  stage: 'New',
  tags: ['identity'],
  date: T0,
  ...over,
});

export const alertLife = {
  created: () =>
    event(audit({ action: 'create', objectType: 'Alert', objectId: '~900', rootId: '~900', _createdAt: minutes(1), _createdBy: 'splunk@corp', details: {}, object: v5Alert() })),
  imported: () =>
    event(
      audit({
        action: 'update',
        objectType: 'Alert',
        objectId: '~900',
        rootId: '~900',
        _createdAt: minutes(9),
        _createdBy: 'alice@corp',
        details: { caseId: '~41', status: 'Imported', stage: 'Imported' },
        object: v5Alert({ caseId: '~41', status: 'Imported', stage: 'Imported' }),
      }),
    ),
};

/** TheHive 4, webhook version 0: `operation`, snake objectType, `owner`, `caseId`, TLP 3 = RED. */
export const v4 = {
  caseCreated: () =>
    event({
      operation: 'create',
      objectType: 'case',
      objectId: '~4104',
      rootId: '~4104',
      base: true,
      startDate: minutes(0),
      requestId: 'r4',
      organisation: 'SOC',
      organisationId: '~8',
      details: {},
      object: { _id: '~4104', id: '~4104', _type: 'case', caseId: 12, title: 'Ransomware note on FS01', description: 'Files renamed *.locked', severity: 4, tlp: 3, pap: 2, status: 'Open', owner: 'jdoe', tags: ['ransomware'], createdBy: 'jdoe', createdAt: minutes(0) },
    }),
  taskCreated: () =>
    event({
      operation: 'create',
      objectType: 'case_task',
      objectId: '~4200',
      rootId: '~4104',
      base: true,
      startDate: minutes(2),
      organisation: 'SOC',
      details: {},
      object: { _id: '~4200', id: '~4200', _type: 'case_task', title: 'Isolate FS01', status: 'Waiting', owner: 'jdoe', createdBy: 'jdoe' },
    }),
  caseResolved: () =>
    event({
      operation: 'update',
      objectType: 'case',
      objectId: '~4104',
      rootId: '~4104',
      base: true,
      startDate: minutes(60),
      organisation: 'SOC',
      details: { status: 'Resolved', resolutionStatus: 'TruePositive', impactStatus: 'WithImpact', summary: 'Restored from backup' },
      object: { _id: '~4104', id: '~4104', _type: 'case', caseId: 12, title: 'Ransomware note on FS01', severity: 4, tlp: 3, pap: 2, status: 'Resolved', resolutionStatus: 'TruePositive', owner: 'jdoe', tags: ['ransomware'], summary: 'Restored from backup' },
    }),
};

/** A RenderContext for unit tests: secrets resolve from a map, memory is what the test passes. */
export function context(secrets: Record<string, string> = {}, memory?: Record<string, unknown>) {
  return {
    thehiveUrl: THEHIVE_URL,
    now: T0,
    memory,
    secret(ref: { secret: string } | string) {
      const name = typeof ref === 'string' ? ref : ref.secret;
      const value = secrets[name];
      if (value === undefined) throw new Error(`no secret ${name}`);
      return value;
    },
  };
}
