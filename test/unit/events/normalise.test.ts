import { describe, expect, it } from 'vitest';
import { normalise, type NormaliseResult } from '../../../shared/events/normalise.js';
import { eventKey } from '../../../shared/events/key.js';
import { lifecycleOf, rootKey } from '../../../shared/notifiers/lifecycle.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { allFixtures, fixture, fixtureText, type FixtureVersion } from '../../fixtures/thehive/index.js';

function ok(result: NormaliseResult): RelayEvent {
  if (!result.ok) throw new Error(`expected ok, got ${result.status} ${result.field}: ${result.message}`);
  return result.event;
}
const load = (version: FixtureVersion, name: string) => ok(normalise(fixture(version, name)));

describe('normalise: every fixture', () => {
  it.each(allFixtures())('%s/%s normalises into a well-formed event', (version, name) => {
    const event = load(version, name);
    expect(event.version).toBe(version === 'v3' ? 3 : version === 'v4' ? 4 : 5);
    expect(event.format).toBe(version === 'v5-audit' ? 'audit' : 'v0');
    expect(['create', 'update', 'delete', 'merge']).toContain(event.action);
    expect(event.objectType).toMatch(/^[A-Z][A-Za-z]*$/);
    expect(event.objectId).toBe(fixture(version, name).objectId);
    expect(typeof event._createdAt).toBe('number');
    expect(event._createdAt).toBeGreaterThan(1_600_000_000_000);
    expect(event.details).toBeTypeOf('object');
  });

  it('does not mutate the payload it was given', () => {
    const payload = fixture('v3', 'case-close');
    const before = JSON.stringify(payload);
    load('v3', 'case-close');
    normalise(payload);
    expect(JSON.stringify(payload)).toBe(before);
  });
});

describe('normalise: TheHive 3', () => {
  it('maps the envelope to the audit shape', () => {
    const event = load('v3', 'case-create');
    expect(event).toMatchObject({
      version: 3,
      format: 'v0',
      action: 'create',
      operation: 'Creation',
      objectType: 'Case',
      legacyObjectType: 'case',
      objectId: 'AYk2c3NmX0QzR1Vx9aBc',
      rootId: 'AYk2c3NmX0QzR1Vx9aBc',
      requestId: '6a1f0c2d9e3b4a57:1e2f3a4b:18b0c0ffee0:-8000:1',
      mainAction: true,
      _createdAt: 1700000001000,
      _createdBy: 'jdoe',
    });
    expect(event.organisation).toBeUndefined();
    expect(event.context).toBeUndefined();
  });

  it('keeps rootId, which TheHive 3 sets to the case (the routing of its children)', () => {
    expect(load('v3', 'log-create')).toMatchObject({ rootId: 'AYk2c3NmX0QzR1Vx9aBc' });
    expect(load('v3', 'log-create').context).toBeUndefined();
    expect(rootKey(load('v3', 'observable-create-case'))).toBe('AYk2c3NmX0QzR1Vx9aBc');
  });

  it('adds v5 field names beside the originals of a case', () => {
    const { object, details } = load('v3', 'case-create');
    expect(object).toMatchObject({
      id: 'AYk2c3NmX0QzR1Vx9aBc',
      _id: 'AYk2c3NmX0QzR1Vx9aBc',
      caseId: 42,
      number: 42,
      owner: 'jdoe',
      assignee: 'jdoe',
      status: 'Open',
      stage: 'New',
      createdBy: 'jdoe',
      _createdBy: 'jdoe',
      _createdAt: 1700000000000,
      severityLabel: 'MEDIUM',
      tlp: 3,
      tlpLabel: 'RED', // TheHive 3's TLP 3 is RED, not AMBER+STRICT
      papLabel: 'AMBER',
      customFieldValues: { 'business-unit': 'Finance', score: 7 },
    });
    expect(details).toMatchObject({ number: 42, assignee: 'jdoe', stage: 'New', tlpLabel: 'RED' });
  });

  it('derives stage Closed from Resolved and InProgress for an open case after creation', () => {
    expect(load('v3', 'case-close').details).toMatchObject({ status: 'Resolved', stage: 'Closed' });
    expect(load('v3', 'case-close').object?.stage).toBe('Closed');
    expect(load('v3', 'case-update').object?.stage).toBe('InProgress');
    expect(load('v3', 'case-reopen').details.stage).toBe('InProgress');
  });

  it('maps the snake object types to v5 names and keeps the original', () => {
    const types = {
      'task-create': ['Task', 'case_task'],
      'log-create': ['Log', 'case_task_log'],
      'observable-create-case': ['Observable', 'case_artifact'],
      'job-finished': ['Job', 'case_artifact_job'],
      'alert-create': ['Alert', 'alert'],
      'unknown-type': ['ReportTemplate', 'report_template'],
    };
    for (const [name, [objectType, legacy]] of Object.entries(types)) {
      const event = load('v3', name);
      expect([event.objectType, event.legacyObjectType]).toEqual([objectType, legacy]);
    }
  });

  it('takes the actor from updatedBy on updates and keeps a delete without object', () => {
    expect(load('v3', 'case-update')._createdBy).toBe('asmith');
    const deleted = load('v3', 'case-delete');
    expect(deleted).toMatchObject({ action: 'delete', objectType: 'Case', details: {} });
    expect(deleted.object).toBeUndefined();
    expect(deleted._createdBy).toBeUndefined();
  });

  it('lets unknown types and extra fields pass through', () => {
    const event = load('v3', 'unknown-type');
    expect(event.object).toMatchObject({ someFutureField: { nested: [1, 2] }, analyzerId: 'AbuseIPDB_1_0' });
    expect(event.details).toMatchObject({ content: '<div>{{content}}</div>' });
  });

  it('derives an alert stage from its v3 status', () => {
    expect(load('v3', 'alert-create').object?.stage).toBe('New');
    expect(load('v3', 'alert-import').details.stage).toBe('Imported');
    expect(load('v3', 'alert-ignore').details.stage).toBe('Closed');
  });
});

describe('normalise: TheHive 4', () => {
  it('reads lower-case verbs and the organisation name and id', () => {
    const event = load('v4', 'case-update');
    expect(event).toMatchObject({
      version: 4,
      action: 'update',
      operation: 'update',
      objectType: 'Case',
      organisation: { organisation: 'SOC', organisationId: '~4104' },
      _createdBy: 'bob@soc.example',
    });
    expect(event.object).toMatchObject({ _id: '~81920', number: 17, assignee: 'alice@soc.example', tlpLabel: 'RED', severityLabel: 'CRITICAL' });
  });

  it('reads the undocumented endpoint version 1 (raw PascalCase type)', () => {
    const event = load('v4', 'v1-observable-create-alert');
    expect(event).toMatchObject({ version: 4, objectType: 'Observable', action: 'create' });
    expect(event.legacyObjectType).toBeUndefined();
  });

  it('maps delete with no object', () => {
    const event = load('v4', 'case-delete');
    expect(event).toMatchObject({ action: 'delete', objectType: 'Case', objectId: '~81920' });
    expect(event.object).toBeUndefined();
  });

  it('PascalCases an unknown snake type', () => {
    expect(load('v4', 'unknown-type')).toMatchObject({ objectType: 'SightingReport', legacyObjectType: 'sighting_report' });
  });

  it('a task: context and root are the case its object embeds, not the audit context (the task itself)', () => {
    expect(fixture('v4', 'task-close').rootId).toBe('~86016');
    const event = load('v4', 'task-close');
    expect(event.rootId).toBe('~81920');
    expect(event.context).toMatchObject({ _id: '~81920', _type: 'case', number: 17, stage: 'InProgress', assignee: 'alice@soc.example', severityLabel: 'CRITICAL' });
    expect(event.object).toMatchObject({ _id: '~86016', title: 'Isolate FS01', status: 'Completed' });
  });

  it('a log: the case of the task it embeds (its rootId is the task)', () => {
    expect(fixture('v4', 'log-create').rootId).toBe('~86016');
    const event = load('v4', 'log-create');
    expect(event.rootId).toBe('~81920');
    expect(event.context).toMatchObject({ _id: '~81920', number: 17 });
    expect(event.object).toMatchObject({ message: 'FS01 unplugged', case_task: { _id: '~86016' } });
  });

  it('an observable: the case or alert it embeds (v0 case/alert, v1 Case/Alert)', () => {
    expect(fixture('v4', 'observable-create-case').rootId).toBe('~94208');
    expect(load('v4', 'observable-create-case')).toMatchObject({ rootId: '~81920', context: { _id: '~81920', number: 17 } });
    expect(load('v4', 'observable-create-alert')).toMatchObject({ rootId: '~122880', context: { _id: '~122880', _type: 'alert', stage: 'New' } });
    expect(load('v4', 'v1-observable-create-alert')).toMatchObject({ rootId: '~122880', context: { _id: '~122880', _type: 'Alert' } });
    const v1InCase = ok(
      normalise({ operation: 'create', objectType: 'Observable', objectId: '~3', rootId: '~3', organisation: 'SOC', object: { _id: '~3', _type: 'Observable', Case: { _id: '~1', _type: 'Case', number: 4 } } }),
    );
    expect(v1InCase).toMatchObject({ rootId: '~1', context: { _id: '~1', number: 4 } });
  });

  it('an alert import: the object TheHive sends is the case, so it becomes the context and the alert keeps its new case', () => {
    const event = load('v4', 'alert-import');
    expect(event).toMatchObject({ objectType: 'Alert', objectId: '~122880', rootId: '~81960', details: { caseId: '~81960' } });
    expect(event.context).toMatchObject({ _id: '~81960', _type: 'case', number: 18, title: 'Brute force on VPN', stage: 'InProgress' });
    expect(event.object).toEqual({ _id: '~122880', _type: 'alert', caseId: '~81960' });
  });

  it('a task share (ShareAudit.shareTask: the object is the case) gets the case as context, not as the task', () => {
    const kase = fixture('v4', 'case-update').object;
    const event = ok(normalise({ operation: 'update', objectType: 'case_task', objectId: '~86016', rootId: '~86016', organisation: 'SOC', details: { share: { organisation: 'PARTNER-CERT' } }, object: kase }));
    expect(event).toMatchObject({ objectType: 'Task', rootId: '~81920', context: { _id: '~81920', number: 17 }, object: { _id: '~86016', _type: 'case_task' } });
    expect(event.object).not.toHaveProperty('title');
  });

  it('groups a task, a log and observables by their case for the notifiers that follow one', () => {
    for (const name of ['task-create', 'task-assign', 'task-close', 'log-create', 'observable-create-case']) {
      const life = lifecycleOf(load('v4', name));
      expect([name, life.rootId, life.rootType, life.state]).toEqual([name, '~81920', 'Case', 'in-progress']);
    }
    expect(rootKey(load('v4', 'observable-create-alert'))).toBe('~122880');
  });

  it('keeps rootId as sent when the object embeds no parent, and does not mutate the payload', () => {
    expect(load('v4', 'job-finished')).toMatchObject({ rootId: '~81920' });
    expect(load('v4', 'job-finished').context).toBeUndefined();
    const payload = fixture('v4', 'log-create');
    const before = JSON.stringify(payload);
    load('v4', 'log-create');
    normalise(payload);
    expect(JSON.stringify(payload)).toBe(before);
  });

  it('tells a TheHive 4.0 payload (no organisation yet) from TheHive 3 by its lower-case verb', () => {
    const payload = fixture('v4', 'task-create');
    delete payload.organisation;
    delete payload.organisationId;
    expect(ok(normalise(payload)).version).toBe(4);
  });
});

describe('normalise: TheHive 5 webhook v0', () => {
  it('reads the audit id, actor, organisation object and context', () => {
    const event = load('v5-v0', 'task-assign');
    expect(event).toMatchObject({
      version: 5,
      format: 'v0',
      _id: event._id,
      action: 'update',
      operation: 'Update',
      objectType: 'Task',
      legacyObjectType: 'case_task',
      _createdBy: 'carol@lab.example',
      organisation: { organisation: 'CERT-EU-LAB', organisationId: '~8216' },
    });
    expect(event._id).toMatch(/^~9/);
    expect(event.details.assignee).toBe('dave@lab.example');
    expect(event.context).toMatchObject({ _type: 'case', number: 312, stage: 'InProgress', customFieldValues: { 'business-unit': 'Web' } });
  });

  it('keeps the context and rootId TheHive 5 sends, even when the object embeds something else', () => {
    const payload = fixture('v5-v0', 'task-assign');
    const sent = { context: payload.context, rootId: payload.rootId };
    const event = ok(normalise({ ...payload, object: { ...(payload.object as object), case: { _id: '~other', _type: 'case' } } }));
    expect(event.rootId).toBe(sent.rootId);
    expect(event.context?._id).toBe((sent.context as { _id: string })._id);
  });

  it('uses TheHive 5 label mappings (TLP 4 RED, PAP 3 RED)', () => {
    const { object } = load('v5-v0', 'case-create');
    expect(object).toMatchObject({ tlp: 4, tlpLabel: 'RED', pap: 3, papLabel: 'RED', stage: 'New' });
  });

  it('keeps the real v5 stage that TheHive 5 sends beside the v0 status', () => {
    expect(load('v5-v0', 'case-update').object).toMatchObject({ status: 'Open', stage: 'InProgress' });
    expect(load('v5-v0', 'case-close').object).toMatchObject({ status: 'Resolved', stage: 'Closed' });
  });
});

describe('normalise: TheHive 5 audit', () => {
  it('passes the audit shape through', () => {
    const event = load('v5-audit', 'case-close');
    expect(event).toMatchObject({
      version: 5,
      format: 'audit',
      action: 'update',
      mainAction: true,
      objectType: 'Case',
      objectId: '~122900',
      _createdAt: 1730000005000,
      _createdBy: 'erin@acme.example',
      organisation: { organisationId: '~4192', organisation: 'ACME-SOC' },
    });
    expect(event.legacyObjectType).toBeUndefined();
    expect(event.object).toMatchObject({ number: 1021, tlpLabel: 'AMBER+STRICT', stage: 'Closed' });
    expect(event.operation).toBe('update');
  });

  it('does not read a share\'s boolean owner as an assignee', () => {
    // TheHive's v1 share output (caseId, organisationName, profileName, owner: boolean)
    const share = { _id: '~151576', _type: 'Share', caseId: '~122900', organisationName: 'PARTNER-CERT', profileName: 'read-only', owner: false };
    const event = ok(normalise({ action: 'update', objectType: 'Share', objectId: '~151576', details: {}, object: share }));
    expect(event.object).not.toHaveProperty('assignee');
  });

  it('keeps mainAction false and the merge verb', () => {
    expect(load('v5-audit', 'alert-merge')).toMatchObject({ action: 'merge', mainAction: false });
  });

  it('keeps unknown PascalCase types and ignores unknown envelope fields', () => {
    const event = load('v5-audit', 'unknown-type');
    expect(event.objectType).toBe('Widget');
    expect(event.object).toMatchObject({ series: [{ name: 'cases', points: [1, 2, 3] }] });
    expect(event).not.toHaveProperty('futureEnvelopeField');
  });

  it('fills customFieldValues from the v5 customFields array when missing', () => {
    const payload = fixture('v5-audit', 'case-create');
    const object = payload.object as Record<string, unknown>;
    delete object.customFieldValues;
    expect(ok(normalise(payload)).object?.customFieldValues).toEqual({ 'business-unit': 'R&D', hosts: 3 });
  });
});

describe('normalise: envelope details', () => {
  const minimal = { operation: 'Update', objectType: 'case', objectId: 'X1' };

  it('accepts any case of the verb', () => {
    for (const [verb, action] of [['CREATION', 'create'], ['update', 'update'], ['Delete', 'delete'], ['Merge', 'merge']]) {
      expect(ok(normalise({ ...minimal, operation: verb })).action).toBe(action);
    }
    expect(ok(normalise({ action: 'invoke', objectType: 'Function', objectId: '~1' })).action).toBe('invoke');
  });

  it('falls back on the object id and zero time when the envelope lacks them', () => {
    const event = ok(normalise({ operation: 'Creation', objectType: 'case', object: { id: 'Z9', title: 't' } }));
    expect(event.objectId).toBe('Z9');
    expect(event._createdAt).toBe(0);
    expect(event.mainAction).toBe(true);
  });

  it('reads times given as ISO strings or numeric strings', () => {
    expect(ok(normalise({ ...minimal, startDate: '2024-01-02T03:04:05Z' }))._createdAt).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(ok(normalise({ ...minimal, startDate: '1700000000000' }))._createdAt).toBe(1700000000000);
  });

  it('treats a time no Date can hold as absent, so the next source (or zero) applies', () => {
    const object = { id: 'h', title: 'x' };
    for (const startDate of [1e300, -1e300, '1e300', 8.64e15 + 1, Number.MAX_VALUE]) {
      expect(ok(normalise({ operation: 'Creation', objectType: 'case', objectId: 'h', startDate, object }))._createdAt).toBe(0);
    }
    expect(ok(normalise({ ...minimal, startDate: 1e300, object: { id: 'X1', updatedAt: 1700000000000 } }))._createdAt).toBe(1700000000000);
    expect(ok(normalise({ action: 'update', objectType: 'Case', objectId: 'x', _createdAt: 1e300, startDate: 1700000000000 }))._createdAt).toBe(1700000000000);
    // the edges of a Date's range are still dates
    expect(ok(normalise({ ...minimal, startDate: 8.64e15 }))._createdAt).toBe(8.64e15);
    expect(ok(normalise({ ...minimal, startDate: -8.64e15 }))._createdAt).toBe(-8.64e15);
  });

  it('treats base false as a secondary operation', () => {
    expect(ok(normalise({ ...minimal, base: false })).mainAction).toBe(false);
  });

  it('ignores details that are not an object', () => {
    expect(ok(normalise({ ...minimal, details: 'oops' })).details).toEqual({});
  });

  it('passes object types named like Object.prototype members through as strings', () => {
    for (const [raw, name] of [['constructor', 'Constructor'], ['__proto__', 'Proto'], ['toString', 'ToString'], ['hasOwnProperty', 'HasOwnProperty']]) {
      const event = ok(normalise({ ...minimal, objectType: raw }));
      expect(event.objectType).toBe(name);
      expect(event.legacyObjectType).toBe(raw);
      expect(JSON.parse(JSON.stringify(event))).toMatchObject({ objectType: name, action: 'update' });
    }
  });

  it('derives no alert stage from a status named like an Object.prototype member', () => {
    const event = ok(normalise({ operation: 'Update', objectType: 'alert', objectId: 'a', object: { id: 'a', status: 'constructor' } }));
    expect(event.object).not.toHaveProperty('stage');
  });

  it('accepts a numeric object id', () => {
    expect(ok(normalise({ ...minimal, objectId: 42 })).objectId).toBe('42');
  });
});

describe('normalise: bad payloads', () => {
  const cases: Array<[string, unknown, 400 | 422, string]> = [
    ['null', null, 400, 'body'],
    ['a string', 'hello', 400, 'body'],
    ['an array', [{ operation: 'Creation' }], 400, 'body'],
    ['a number', 42, 400, 'body'],
    ['no verb at all', { objectType: 'case', objectId: 'x' }, 422, 'operation'],
    ['an unknown operation', { operation: 'Explode', objectType: 'case', objectId: 'x' }, 422, 'operation'],
    ['an unknown action', { action: 'explode', objectType: 'Case', objectId: 'x' }, 422, 'action'],
    ['a non-string operation', { operation: 3, objectType: 'case', objectId: 'x' }, 422, 'operation'],
    ['an empty operation', { operation: '', objectType: 'case', objectId: 'x' }, 422, 'operation'],
    ['no objectType', { operation: 'Creation', objectId: 'x' }, 422, 'objectType'],
    ['a non-string objectType', { operation: 'Creation', objectType: { a: 1 }, objectId: 'x' }, 422, 'objectType'],
    ['a blank objectType', { operation: 'Creation', objectType: '  ', objectId: 'x' }, 422, 'objectType'],
    ['no object id anywhere', { operation: 'Creation', objectType: 'case', details: {} }, 422, 'objectId'],
  ];
  it.each(cases)('refuses %s', (_label, payload, status, field) => {
    const result = normalise(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(status);
    expect(result.field).toBe(field);
    expect(result.message.length).toBeGreaterThan(5);
  });

  // Object.prototype's own names must not pass for a verb: a plain-object table found them.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('refuses the verb %s with 422 naming the field', (verb) => {
    for (const [payload, field] of [
      [{ operation: verb, objectType: 'case', objectId: 'x' }, 'operation'],
      [{ action: verb, objectType: 'Case', objectId: 'x' }, 'action'],
    ] as const) {
      const result = normalise(payload);
      expect(result).toMatchObject({ ok: false, status: 422, field });
    }
  });

  it('does not echo long garbage back in the message', () => {
    const result = normalise({ operation: 'x'.repeat(5000), objectType: 'case', objectId: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(100);
  });

  it('never throws on odd but well-formed values', () => {
    const odd = [
      { operation: 'Update', objectType: 'case', objectId: 'x', object: null, details: null, context: [], organisation: 5 },
      { operation: 'Update', objectType: 'case', objectId: 'x', object: { customFields: 'nope', status: 7, severity: 'high', tlp: null } },
      { operation: 'Update', objectType: 'case', objectId: 'x', object: { customFields: { a: null, b: 'flat', c: { order: 1 } } } },
      { action: 'update', objectType: 'Case', objectId: 'x', organisation: { organisation: 5 }, _createdAt: 'not a date', mainAction: 'true' },
      { action: 'update', objectType: 'Case', objectId: 'x', context: { _type: 7 }, object: { customFields: [null, { name: 'a' }] } },
    ];
    for (const payload of odd) expect(() => normalise(payload)).not.toThrow();
    const flat = ok(normalise(odd[2])).object?.customFieldValues;
    expect(flat).toEqual({ a: null, b: 'flat', c: null });
    expect(ok(normalise(odd[3])).mainAction).toBe(true);
    expect(ok(normalise(odd[4])).object?.customFieldValues).toEqual({ a: null });
  });
});

describe('eventKey', () => {
  it('is the sha256 hex of the raw body', () => {
    expect(eventKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(eventKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is equal for the same bytes and differs for any change', () => {
    const body = fixtureText('v5-audit', 'case-create');
    expect(eventKey(body)).toBe(eventKey(body));
    expect(eventKey(body)).not.toBe(eventKey(body.replace('"create"', '"update"')));
    expect(eventKey(body)).toMatch(/^[0-9a-f]{64}$/);
  });
});
