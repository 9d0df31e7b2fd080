import { describe, expect, it } from 'vitest';
import { firedTriggers, triggerFires } from '../../../shared/triggers/catalogue.js';
import { triggerNames, type TriggerName } from '../../../shared/triggers/names.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { allFixtures, fixture, type FixtureVersion } from '../../fixtures/thehive/index.js';

function event(payload: unknown): RelayEvent {
  const result = normalise(payload);
  if (!result.ok) throw new Error(result.message);
  return result.event;
}
const load = (version: FixtureVersion, name: string) => event(fixture(version, name));

/** What each fixture fires besides AnyEvent (which every event fires). */
const expected: Record<FixtureVersion, Record<string, TriggerName[]>> = {
  v3: {
    'alert-create': ['AlertCreated'],
    'alert-ignore': ['AlertClosed', 'AlertUpdated'],
    'alert-import': ['AlertImported', 'AlertUpdated'],
    'case-assign': ['CaseUpdated', 'CaseAssigned'],
    'case-close': ['CaseClosed', 'CaseUpdated'],
    'case-create': ['CaseCreated'],
    'case-delete': ['CaseDeleted'],
    'case-flag': ['CaseFlagged', 'CaseUpdated'],
    'case-merge': ['CaseUpdated'],
    'case-reopen': ['CaseUpdated', 'CaseReopened'],
    'case-update': ['CaseUpdated'],
    'job-finished': ['JobFinished'],
    'log-create': ['LogInMyTask', 'LogCreated'],
    'observable-create-case': ['ObservableCreated', 'CaseObservableCreated'],
    'task-assign': ['TaskAssigned', 'TaskUpdated'],
    'task-close': ['TaskClosed', 'TaskUpdated'],
    'task-create': ['TaskCreated'],
    'unknown-type': [],
  },
  v4: {
    'action-finished': ['ActionFinished'],
    'alert-create': ['AlertCreated'],
    'alert-import': ['AlertImported', 'AlertUpdated'],
    'case-assign': ['CaseUpdated', 'CaseAssigned'],
    'case-close': ['CaseClosed', 'CaseUpdated'],
    'case-create': ['CaseCreated'],
    'case-delete': ['CaseDeleted'],
    'case-reopen': ['CaseUpdated', 'CaseReopened'],
    'case-share': ['CaseShared', 'CaseUpdated'],
    'case-update': ['CaseUpdated'],
    'job-finished': ['JobFinished'],
    'log-create': ['LogInMyTask', 'LogCreated'],
    'observable-create-alert': ['ObservableCreated', 'AlertObservableCreated'],
    'observable-create-case': ['ObservableCreated', 'CaseObservableCreated'],
    'task-assign': ['TaskAssigned', 'TaskUpdated'],
    'task-close': ['TaskClosed', 'TaskUpdated'],
    'task-create': ['TaskCreated'],
    'unknown-type': [],
    'v1-observable-create-alert': ['ObservableCreated', 'AlertObservableCreated'],
  },
  'v5-v0': {
    'alert-create': ['AlertCreated'],
    'alert-import': ['AlertImported', 'AlertUpdated'],
    'case-close': ['CaseClosed', 'CaseUpdated'],
    'case-create': ['CaseCreated'],
    'case-delete': ['CaseDeleted'],
    'case-update': ['CaseUpdated'],
    'job-finished': ['JobFinished'],
    'log-create': ['LogInMyTask', 'LogCreated'],
    'observable-create-alert': ['ObservableCreated', 'AlertObservableCreated'],
    'observable-create-case': ['ObservableCreated', 'CaseObservableCreated'],
    'task-assign': ['TaskAssigned', 'TaskUpdated'],
    'task-close': ['TaskClosed', 'TaskUpdated'],
    'task-create': ['TaskCreated'],
    'unknown-type': [],
  },
  'v5-audit': {
    'action-finished': ['ActionFinished'],
    'alert-assign': ['AlertAssigned', 'AlertUpdated'],
    'alert-close': ['AlertClosed', 'AlertUpdated'],
    'alert-create': ['AlertCreated'],
    'alert-import': ['AlertImported', 'AlertUpdated'],
    'alert-merge': ['AlertImported', 'AlertUpdated'],
    'case-assign': ['CaseUpdated', 'CaseAssigned'],
    'case-close': ['CaseClosed', 'CaseUpdated'],
    'case-create': ['CaseCreated'],
    'case-delete': ['CaseDeleted'],
    'case-flag': ['CaseFlagged', 'CaseUpdated'],
    'case-reopen': ['CaseUpdated', 'CaseReopened'],
    'case-update': ['CaseUpdated'],
    'comment-create': ['CommentCreated'],
    'job-finished': ['JobFinished'],
    'log-create': ['LogInMyTask', 'LogCreated'],
    'observable-create-alert': ['ObservableCreated', 'AlertObservableCreated'],
    'observable-create-case': ['ObservableCreated', 'CaseObservableCreated'],
    'task-assign': ['TaskAssigned', 'TaskUpdated'],
    'task-close': ['TaskClosed', 'TaskUpdated'],
    'task-create': ['TaskCreated'],
    'task-mandatory': ['TaskMandatory', 'TaskUpdated'],
    'unknown-type': [],
  },
};

describe('firedTriggers over the fixtures', () => {
  it.each(allFixtures())('%s/%s fires exactly its triggers', (version, name) => {
    const want = expected[version][name];
    expect(want, `no expectation written for ${version}/${name}`).toBeDefined();
    expect([...firedTriggers(load(version, name))].sort()).toEqual(['AnyEvent', ...want].sort());
  });

  it('covers every trigger but FilteredEvent', () => {
    const seen = new Set(allFixtures().flatMap(([version, name]) => firedTriggers(load(version, name))));
    expect([...triggerNames].filter((name) => !seen.has(name))).toEqual(['FilteredEvent']);
  });

  it('lists triggers in catalogue order', () => {
    const fired = firedTriggers(load('v3', 'case-close'));
    expect(fired).toEqual(triggerNames.filter((name) => fired.includes(name)));
  });

  it('answers per trigger the same way', () => {
    const e = load('v5-audit', 'task-close');
    for (const name of triggerNames) expect(triggerFires(name, e)).toBe(firedTriggers(e).includes(name));
  });
});

describe('trigger rules, edge cases', () => {
  const audit = (objectType: string, action: string, details: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    event({ action, objectType, objectId: '~1', details, ...extra });
  const fires = (e: RelayEvent, name: TriggerName) => firedTriggers(e).includes(name);

  it('CaseClosed: v5 closed status with endDate even without stage; not for open statuses or endDate alone', () => {
    expect(fires(audit('Case', 'update', { status: 'Duplicated', endDate: 1 }), 'CaseClosed')).toBe(true);
    expect(fires(audit('Case', 'update', { status: 'InProgress', endDate: 1 }), 'CaseClosed')).toBe(false);
    expect(fires(audit('Case', 'update', { endDate: 1 }), 'CaseClosed')).toBe(false);
    expect(fires(audit('Case', 'update', { status: 'TruePositive' }), 'CaseClosed')).toBe(false);
    expect(fires(audit('Case', 'create', { stage: 'Closed' }), 'CaseClosed')).toBe(false);
  });

  it('CaseReopened: v5 needs endDate cleared, so a plain New → InProgress is no reopen', () => {
    expect(fires(audit('Case', 'update', { stage: 'InProgress', status: 'InProgress' }), 'CaseReopened')).toBe(false);
    expect(fires(audit('Case', 'update', { stage: 'New', status: 'New', endDate: null }), 'CaseReopened')).toBe(true);
    expect(fires(audit('Case', 'update', { stage: 'Closed', endDate: null }), 'CaseReopened')).toBe(false);
  });

  it('CaseDeleted: also a v3 update to status Deleted', () => {
    const e = event({ operation: 'Update', objectType: 'case', objectId: 'AV1', details: { status: 'Deleted' } });
    expect(fires(e, 'CaseDeleted')).toBe(true);
    expect(fires(e, 'CaseClosed')).toBe(false);
    expect(e.details.stage).toBeUndefined();
  });

  it('*Assigned: an unassignment is no assignment, and creation is not assignment', () => {
    expect(fires(audit('Task', 'update', { assignee: '' }), 'TaskAssigned')).toBe(false);
    expect(fires(audit('Task', 'update', { assignee: null }), 'TaskAssigned')).toBe(false);
    expect(fires(audit('Case', 'create', { assignee: 'a' }), 'CaseAssigned')).toBe(false);
    expect(fires(audit('Alert', 'update', { assignee: 'a' }), 'AlertAssigned')).toBe(true);
    expect(fires(audit('Alert', 'update', { assignee: 'a' }), 'CaseAssigned')).toBe(false);
  });

  it('TaskMandatory: on create too, not when unset', () => {
    expect(fires(audit('Task', 'create', { mandatory: true, title: 't' }), 'TaskMandatory')).toBe(true);
    expect(fires(audit('Task', 'update', { mandatory: false }), 'TaskMandatory')).toBe(false);
  });

  it('JobFinished/ActionFinished: not while running', () => {
    expect(fires(audit('Job', 'update', { status: 'InProgress' }), 'JobFinished')).toBe(false);
    expect(fires(audit('Action', 'update', { status: 'Waiting' }), 'ActionFinished')).toBe(false);
    expect(fires(audit('Job', 'update', { status: 'Failure' }), 'ActionFinished')).toBe(false);
  });

  it('AlertImported: not on unrelated alert updates; AlertClosed not on import', () => {
    const e = audit('Alert', 'update', { title: 'x' });
    expect(fires(e, 'AlertImported')).toBe(false);
    expect(fires(audit('Alert', 'update', { stage: 'Imported' }), 'AlertClosed')).toBe(false);
  });

  it('observable parent embedded by TheHive 4 under its v0 _type (endpoint version 0)', () => {
    const inCase = event({ operation: 'create', objectType: 'case_artifact', objectId: '~2', object: { _id: '~2', case: { _id: '~1', _type: 'case' } } });
    expect(fires(inCase, 'CaseObservableCreated')).toBe(true);
    expect(fires(inCase, 'AlertObservableCreated')).toBe(false);
    const inAlert = event({ operation: 'create', objectType: 'case_artifact', objectId: '~2', object: { _id: '~2', alert: { _id: '~1', _type: 'alert' } } });
    expect(fires(inAlert, 'AlertObservableCreated')).toBe(true);
    expect(fires(inAlert, 'CaseObservableCreated')).toBe(false);
  });

  it('observable parent embedded by TheHive 4 under its v1 _type, Case or Alert (endpoint version 1, Webhook.scala v1.observableToJson)', () => {
    const inCase = event({ operation: 'create', objectType: 'Observable', objectId: '~2', object: { _id: '~2', _type: 'Observable', Case: { _id: '~1', _type: 'Case' } } });
    expect(fires(inCase, 'CaseObservableCreated')).toBe(true);
    expect(fires(inCase, 'AlertObservableCreated')).toBe(false);
    const inAlert = event({ operation: 'create', objectType: 'Observable', objectId: '~2', object: { _id: '~2', _type: 'Observable', Alert: { _id: '~1', _type: 'Alert' } } });
    expect(fires(inAlert, 'AlertObservableCreated')).toBe(true);
    expect(fires(inAlert, 'CaseObservableCreated')).toBe(false);
  });

  it('AlertImported on TheHive 4: the alert update with details.caseId that AlertAudit.createCase records, its object the case', () => {
    const e = load('v4', 'alert-import');
    expect(e).toMatchObject({ objectType: 'Alert', action: 'update', details: { caseId: '~81960' } });
    expect(fires(e, 'AlertImported')).toBe(true);
    expect(fires(e, 'CaseCreated')).toBe(false);
  });

  it('CaseShared: a case update whose details hold a share, as TheHive 4 records it (AuditSrv ShareAudit.shareCase)', () => {
    const share = { share: { organisation: 'PARTNER-CERT', profile: 'read-only' } };
    expect(fires(audit('Case', 'update', share), 'CaseShared')).toBe(true);
    expect(fires(event({ operation: 'update', objectType: 'case', objectId: '~1', details: share }), 'CaseShared')).toBe(true);
    // unsharing, sharing a task or an observable, and a share of nothing are no case share
    expect(fires(audit('Case', 'update', { unshare: { organisation: 'PARTNER-CERT' } }), 'CaseShared')).toBe(false);
    expect(fires(audit('Task', 'update', { share: { organisation: 'PARTNER-CERT' } }), 'CaseShared')).toBe(false);
    expect(fires(audit('Observable', 'update', { share: { organisation: 'PARTNER-CERT' } }), 'CaseShared')).toBe(false);
    expect(fires(audit('Case', 'update', { share: null }), 'CaseShared')).toBe(false);
    expect(fires(audit('Case', 'create', share), 'CaseShared')).toBe(false);
    // no primary source shows a Share object event: it fires nothing of its own
    expect(fires(audit('Share', 'create', { organisation: 'PARTNER-CERT', profile: 'read-only' }), 'CaseShared')).toBe(false);
  });
});
