import { describe, expect, it } from 'vitest';
import { summarise, summariseRoot } from '../../../shared/notifiers/defaults/summary.js';
import { lifecycleOf } from '../../../shared/notifiers/lifecycle.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { alertLife, caseLife, v4 } from './fixtures.js';

function v5(objectType: string, action: string, object: Record<string, unknown>, details: Record<string, unknown> = {}): RelayEvent {
  const result = normalise({
    _type: 'Audit',
    action,
    objectType,
    objectId: String(object._id ?? '~1'),
    rootId: '~41',
    mainAction: true,
    _createdAt: 1_700_000_000_000,
    _createdBy: 'bob@corp',
    details,
    object,
    context: { _id: '~41', _type: 'Case', number: 7, title: 'Phishing', severity: 2, stage: 'InProgress', status: 'InProgress' },
  });
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

describe('default message summary, per object type and operation', () => {
  const headline = (event: RelayEvent) => summarise(event).headline;

  it('names what happened to a case through its life', () => {
    expect(headline(caseLife.created())).toBe('New case #7');
    expect(headline(caseLife.inProgress())).toBe('Case #7 assigned to bob@corp');
    expect(headline(caseLife.closed())).toBe('Case #7 closed (TruePositive)');
    expect(headline(caseLife.reopened())).toBe('Case #7 updated');
    expect(headline(v4.caseResolved())).toBe('Case #12 closed (TruePositive)');
    expect(headline(v5('Case', 'delete', { _id: '~41', _type: 'Case', number: 7 }))).toBe('Case #7 deleted');
  });

  it('names alerts, tasks, logs, observables, comments, jobs and actions', () => {
    expect(headline(alertLife.created())).toBe('New alert');
    expect(headline(alertLife.imported())).toBe('Alert imported into case ~41');
    expect(headline(caseLife.taskCreated())).toBe('New task in case #7');
    expect(headline(v5('Task', 'update', { _id: '~77', _type: 'Task', title: 'Isolate', status: 'Completed' }, { status: 'Completed' }))).toBe('Task completed in case #7');
    expect(headline(v5('Log', 'create', { _id: '~5', _type: 'Log', message: 'Host isolated\nby EDR' }))).toBe('New task log in case #7');
    expect(summarise(v5('Log', 'create', { _id: '~5', _type: 'Log', message: 'Host isolated\nby EDR' })).title).toBe('Host isolated');
    expect(summarise(caseLife.observableCreated()).title).toBe('ip: 203.0.113.7');
    expect(headline(v5('Comment', 'create', { _id: '~6', _type: 'Comment', message: 'Looks like the Q3 campaign' }))).toBe('New comment on case #7');
    expect(headline(v5('Job', 'update', { _id: '~7', _type: 'Job', analyzerName: 'Abuse_Finder_3_0', status: 'Success' }, { status: 'Success' }))).toBe('Abuse_Finder_3_0 finished: Success');
    expect(headline(v5('Action', 'update', { _id: '~8', _type: 'Action', responderName: 'Mailer_1_0', status: 'Failure' }, { status: 'Failure' }))).toBe('Mailer_1_0 finished: Failure');
    expect(headline(v5('Procedure', 'create', { _id: '~9', _type: 'Procedure', patternId: 'T1566' }))).toBe('Procedure created (~9)');
  });

  it('gathers facts, changes, link, colour and the case a child event belongs to', () => {
    const summary = summarise(caseLife.inProgress(), { link: 'https://h/cases/~41/details' });
    expect(summary.facts).toEqual([
      { label: 'Severity', value: 'HIGH' },
      { label: 'TLP', value: 'AMBER' },
      { label: 'PAP', value: 'AMBER' },
      { label: 'Status', value: 'InProgress' },
      { label: 'Assignee', value: 'bob@corp' },
    ]);
    expect(summary.changes).toEqual([
      { label: 'status', value: 'InProgress' },
      { label: 'assignee', value: 'bob@corp' },
    ]);
    expect(summary).toMatchObject({ link: 'https://h/cases/~41/details', colour: '#e8912d', label: 'Case #7: Phishing campaign against finance', state: 'in-progress' });
    expect(summarise(caseLife.closed()).colour).toBe('#9e9e9e');
    expect(summarise(caseLife.closed()).text).toBe('Sender domain blocked, passwords reset.');
    expect(summarise(caseLife.taskCreated()).facts).toContainEqual({ label: 'Case', value: '#7 Phishing campaign against finance' });
    expect(summariseRoot(caseLife.taskCreated())?.label).toBe('Case #7: Phishing campaign against finance');
    expect(summariseRoot(v4.taskCreated())).toBeUndefined();
  });
});

describe('lifecycle of an event’s case or alert', () => {
  it('reads the state from the object, the v5 context, or not at all', () => {
    expect(lifecycleOf(caseLife.created())).toMatchObject({ rootType: 'Case', rootId: '~41', state: 'open' });
    expect(lifecycleOf(caseLife.inProgress()).state).toBe('in-progress');
    expect(lifecycleOf(caseLife.closed()).state).toBe('closed');
    expect(lifecycleOf(caseLife.taskCreated())).toMatchObject({ rootType: 'Case', rootId: '~41', state: 'in-progress' });
    expect(lifecycleOf(alertLife.imported())).toMatchObject({ rootType: 'Alert', rootId: '~900', state: 'closed' });
    expect(lifecycleOf(v4.caseCreated()).state).toBe('open');
    expect(lifecycleOf(v4.caseResolved()).state).toBe('closed');
    expect(lifecycleOf(v4.taskCreated())).toEqual({ rootId: '~4104' });
  });

  it('knows no state from a stage named like an Object.prototype member', () => {
    for (const stage of ['constructor', '__proto__', 'toString']) {
      expect(lifecycleOf(v5('Case', 'update', { _id: '~41', stage })).state).toBeUndefined();
      expect(lifecycleOf(v5('Alert', 'update', { _id: '~900', stage })).state).toBeUndefined();
    }
  });
});
