import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate, TemplateError, templateVariables } from '../../../shared/templates/render.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { fixture, type FixtureVersion } from '../../fixtures/thehive/index.js';

function load(version: FixtureVersion, name: string): RelayEvent {
  const result = normalise(fixture(version, name));
  if (!result.ok) throw new Error(result.message);
  return result.event;
}
const hive = { thehiveUrl: 'https://hive.example.org/' };

describe('templateVariables', () => {
  it('a case: object and case are the case, url links to it', () => {
    const v = templateVariables(load('v5-audit', 'case-close'), hive);
    expect(v.object.number).toBe(1021);
    expect(v.case).toBe(v.object);
    expect(v.alert).toBeUndefined();
    expect(v.audit).toBe(v.event);
    expect(v.audit.action).toBe('update');
    expect(v.url).toBe('https://hive.example.org/cases/~122900/details');
    expect(v.thehiveUrl).toBe('https://hive.example.org');
    expect(v.organisation).toBe('ACME-SOC');
  });

  it('an alert links to the alert', () => {
    const v = templateVariables(load('v5-v0', 'alert-create'), hive);
    expect(v.url).toBe('https://hive.example.org/alerts/~45056/details');
    expect(v.alert?.title).toBe('SQLi attempts');
  });

  it('a task: case is the context, url links to the tasks of its case', () => {
    const v = templateVariables(load('v5-audit', 'task-close'), hive);
    expect(v.case?.number).toBe(1021);
    expect(v.context).toBe(v.case);
    expect(v.url).toBe('https://hive.example.org/cases/~122900/tasks');
  });

  it('an observable of an alert links to the alert, and case stays empty', () => {
    const v = templateVariables(load('v5-audit', 'observable-create-alert'), hive);
    expect(v.url).toBe('https://hive.example.org/alerts/~204820/details');
    expect(v.case).toBeUndefined();
    expect(v.alert?.title).toBe('Mimikatz detected');
  });

  it('TheHive 3 events without context link through rootId, the case', () => {
    const v = templateVariables(load('v3', 'task-assign'), hive);
    expect(v.url).toBe('https://hive.example.org/index.html#!/case/AYk2c3NmX0QzR1Vx9aBc/tasks/AYk2dT4sk0QzR1Vx9aBd');
    expect(v.case).toBeUndefined();
  });

  it('a TheHive 4 task: case is the case its object embeds', () => {
    const v = templateVariables(load('v4', 'task-assign'), hive);
    expect(v.case).toMatchObject({ _id: '~81920', number: 17, title: 'Ransomware note on FS01' });
    expect(v.context).toBe(v.case);
    expect(v.alert).toBeUndefined();
    expect(renderTemplate('#{{case.number}} {{case.title}}: {{object.title}}', v, { escape: 'none' })).toBe('#17 Ransomware note on FS01: Isolate FS01');
    expect(v.organisation).toBe('SOC');
  });

  it('a TheHive 4 log and observables: case (or alert) from the embedded parent', () => {
    expect(templateVariables(load('v4', 'log-create'), hive).case).toMatchObject({ _id: '~81920', number: 17 });
    expect(templateVariables(load('v4', 'observable-create-case'), hive).case).toMatchObject({ _id: '~81920', number: 17 });
    const inAlert = templateVariables(load('v4', 'observable-create-alert'), hive);
    expect(inAlert.alert).toMatchObject({ _id: '~122880', title: 'Brute force on VPN' });
    expect(inAlert.case).toBeUndefined();
    expect(templateVariables(load('v4', 'v1-observable-create-alert'), hive).alert).toMatchObject({ _id: '~122880', _type: 'Alert' });
  });

  it('a TheHive 4 alert import: alert is the alert, case the case it was imported into', () => {
    const v = templateVariables(load('v4', 'alert-import'), hive);
    expect(v.alert).toEqual({ _id: '~122880', _type: 'alert', caseId: '~81960' });
    expect(v.case).toMatchObject({ _id: '~81960', number: 18 });
  });

  it('no url without a configured TheHive; a delete still has an object id', () => {
    const v = templateVariables(load('v4', 'case-delete'), {});
    expect(v.url).toBeUndefined();
    expect(v.thehiveUrl).toBeUndefined();
    expect(v.object).toEqual({ _id: '~81920' });
    expect(templateVariables(load('v4', 'case-delete'), hive).url).toBe('https://hive.example.org/index.html#!/case/~81920/details');
  });

  it('falls back on the base url when nothing says where the object lives', () => {
    expect(templateVariables(load('v5-audit', 'unknown-type'), hive).url).toBe('https://hive.example.org/cases/~159768/details');
    const e = load('v5-audit', 'unknown-type');
    delete e.rootId;
    expect(templateVariables(e, hive).url).toBe('https://hive.example.org');
  });
});

describe('{{url}}: the UI of the TheHive version that sent the event', () => {
  const url = (version: FixtureVersion, name: string) => templateVariables(load(version, name), hive).url;
  const ui = 'https://hive.example.org/index.html#!';

  it('TheHive 3: hash routes of its AngularJS UI, the case from rootId', () => {
    expect(url('v3', 'case-create')).toBe(`${ui}/case/AYk2c3NmX0QzR1Vx9aBc/details`);
    expect(url('v3', 'task-close')).toBe(`${ui}/case/AYk2c3NmX0QzR1Vx9aBc/tasks/AYk2dT4sk0QzR1Vx9aBd`);
    // a log opens its task (its _parent)
    expect(url('v3', 'log-create')).toBe(`${ui}/case/AYk2c3NmX0QzR1Vx9aBc/tasks/AYk2dT4sk0QzR1Vx9aBd`);
    expect(url('v3', 'observable-create-case')).toBe(`${ui}/case/AYk2c3NmX0QzR1Vx9aBc/observables/AYk2fArt0QzR1Vx9aBf`);
    expect(url('v3', 'job-finished')).toBe(`${ui}/case/AYk2c3NmX0QzR1Vx9aBc/details`);
    // an alert has no page of its own: the list, or the case it went into
    expect(url('v3', 'alert-create')).toBe(`${ui}/alert/list`);
    expect(url('v3', 'alert-import')).toBe(`${ui}/case/AYk2c3NmX0QzR1Vx9aBc/details`);
  });

  it('TheHive 4: the same routes, the case from the embedded parent (its rootId is the task, observable or log\'s task)', () => {
    expect(url('v4', 'case-update')).toBe(`${ui}/case/~81920/details`);
    expect(url('v4', 'case-share')).toBe(`${ui}/case/~81920/details`);
    expect(url('v4', 'task-close')).toBe(`${ui}/case/~81920/tasks/~86016`);
    expect(url('v4', 'log-create')).toBe(`${ui}/case/~81920/tasks/~86016`);
    expect(url('v4', 'observable-create-case')).toBe(`${ui}/case/~81920/observables/~94208`);
    expect(url('v4', 'observable-create-alert')).toBe(`${ui}/alert/list`);
    expect(url('v4', 'v1-observable-create-alert')).toBe(`${ui}/alert/list`);
    expect(url('v4', 'alert-create')).toBe(`${ui}/alert/list`);
    expect(url('v4', 'job-finished')).toBe(`${ui}/case/~81920/details`);
    expect(url('v4', 'action-finished')).toBe(`${ui}/case/~81920/details`);
  });

  it('TheHive 4 alert import (Audit(update, alert, {caseId}) whose object is the case): links the case', () => {
    expect(url('v4', 'alert-import')).toBe(`${ui}/case/~81960/details`);
  });

  it('TheHive 4 without a parent to name the case: never a case link built from a task or observable id', () => {
    const payload = fixture('v4', 'task-close');
    delete (payload.object as Record<string, unknown>).case;
    const result = normalise(payload);
    if (!result.ok) throw new Error(result.message);
    expect(templateVariables(result.event, hive).url).toBe('https://hive.example.org');
  });

  it('TheHive 5: cases and alerts by id, tasks and logs on their case\'s tasks', () => {
    expect(url('v5-audit', 'case-update')).toBe('https://hive.example.org/cases/~122900/details');
    expect(url('v5-audit', 'alert-create')).toMatch(/^https:\/\/hive\.example\.org\/alerts\/~\d+\/details$/);
    expect(url('v5-audit', 'log-create')).toBe('https://hive.example.org/cases/~122900/tasks');
    expect(url('v5-v0', 'task-close')).toBe('https://hive.example.org/cases/~40964184/tasks');
    expect(url('v5-audit', 'observable-create-case')).toBe('https://hive.example.org/cases/~122900/details');
  });

  it('a case or alert links by the event\'s objectId before its object\'s _id', () => {
    const e = load('v5-audit', 'case-update');
    e.object = { ...e.object, _id: '~stale' };
    expect(templateVariables(e, hive).url).toBe('https://hive.example.org/cases/~122900/details');
    const alert = load('v5-v0', 'alert-create');
    alert.object = { ...alert.object, _id: '~stale' };
    expect(templateVariables(alert, hive).url).toBe('https://hive.example.org/alerts/~45056/details');
  });

  it('picks the scheme from the version the event came from', () => {
    const linkOf = (payload: Record<string, unknown>) => {
      const result = normalise(payload);
      if (!result.ok) throw new Error(result.message);
      return templateVariables(result.event, hive).url;
    };
    const v3 = { operation: 'Update', objectType: 'case', objectId: 'AV1', details: { severity: 3 } };
    const v4 = { ...v3, operation: 'update', objectId: '~1', organisation: 'SOC' };
    const v5 = { ...v4, organisation: { organisation: 'SOC' } };
    expect(linkOf(v3)).toBe(`${ui}/case/AV1/details`);
    expect(linkOf(v4)).toBe(`${ui}/case/~1/details`);
    expect(linkOf(v5)).toBe('https://hive.example.org/cases/~1/details');
  });
});

describe('renderTemplate: TheHive-style templates', () => {
  it('renders the documented variables', () => {
    const v = templateVariables(load('v5-audit', 'case-close'), hive);
    const out = renderTemplate('Case #{{object.number}} {{object.title}} [{{case.customFieldValues.business-unit}}] by {{audit._createdBy}} {{url}}', v, { escape: 'none' });
    expect(out).toBe('Case #1021 Data exfiltration via DNS [R&D] by erin@acme.example https://hive.example.org/cases/~122900/details');
  });

  it('works the same on a TheHive 3 event through the v5 names', () => {
    const v = templateVariables(load('v3', 'case-close'), hive);
    expect(renderTemplate('{{object.number}} {{object.stage}} {{object.assignee}} {{object.severityLabel}}', v)).toBe('42 Closed jdoe MEDIUM');
  });

  it('if/eq as in TheHive docs', () => {
    const v = templateVariables(load('v5-audit', 'case-close'), hive);
    const tpl = '{{#if (eq object.severity 3)}}high{{else}}other{{/if}}';
    expect(renderTemplate(tpl, v)).toBe('high');
    expect(renderTemplate(tpl, { object: { severity: 1 } })).toBe('other');
  });
});

describe('helpers', () => {
  const r = (tpl: string, vars: Record<string, unknown> = {}) => renderTemplate(tpl, vars, { escape: 'none' });

  it('label helpers follow the event version', () => {
    const v3 = templateVariables(load('v3', 'case-create'), {});
    const v5 = templateVariables(load('v5-audit', 'case-create'), {});
    expect(r('{{tlpLabel object.tlp}} {{papLabel object.pap}} {{severityLabel object.severity}}', v3 as never)).toBe('RED AMBER MEDIUM');
    expect(r('{{tlpLabel object.tlp}} {{papLabel object.pap}} {{severityLabel object.severity}}', v5 as never)).toBe('AMBER+STRICT AMBER HIGH');
    expect(r('{{tlpLabel 3}}|{{tlpLabel 3 version=4}}|{{papLabel 0}}|{{papLabel 0 version=3}}|{{severityLabel 9}}')).toBe('AMBER+STRICT|RED|CLEAR|WHITE|');
  });

  it('dateFormat: Java patterns, UTC by default', () => {
    const at = { t: 1730000005000 }; // 2024-10-27T03:33:25.000Z
    expect(r('{{dateFormat t "yyyy-MM-dd HH:mm:ss"}}', at)).toBe('2024-10-27 03:33:25');
    expect(r('{{dateFormat t "dd/MM/yy"}}', at)).toBe('27/10/24');
    expect(r("{{dateFormat t \"yyyy-MM-dd'T'HH:mm:ss.SSSXXX\"}}", at)).toBe('2024-10-27T03:33:25.000Z');
    expect(r('{{dateFormat t "EEEE d MMMM yyyy, h:mm a"}}', at)).toBe('Sunday 27 October 2024, 3:33 AM');
    expect(r('{{dateFormat t "EEE, d MMM"}}', at)).toBe('Sun, 27 Oct');
    expect(r("{{dateFormat t \"HH 'o''clock' ''\"}}", at)).toBe("03 o'clock '");
    expect(r('{{dateFormat t "D u k K"}}', at)).toBe('301 7 3 3');
    expect(r('{{dateFormat t}}', at)).toBe('2024-10-27 03:33:25');
  });

  it('dateFormat: time zones (with DST) and locales', () => {
    const at = { t: 1730000005000 };
    // Paris left summer time at 01:00 UTC that day
    expect(r('{{dateFormat t "yyyy-MM-dd HH:mm Z" tz="Europe/Paris"}}', at)).toBe('2024-10-27 04:33 +0100');
    expect(r('{{dateFormat t "yyyy-MM-dd HH:mm XXX" tz="America/New_York"}}', at)).toBe('2024-10-26 23:33 -04:00');
    expect(r('{{dateFormat t "HH:mm X" tz="Asia/Kolkata"}}', at)).toBe('09:03 +0530');
    expect(r('{{dateFormat t "HH:mm" tz="Europe/Paris"}}', { t: 1720000001000 })).toBe('11:46');
    expect(r('{{dateFormat t "EEEE d MMMM yyyy" "fr"}}', at)).toBe('dimanche 27 octobre 2024');
    expect(r('{{dateFormat t "EEEE d MMMM" locale="de" tz="Europe/Berlin"}}', at)).toBe('Sonntag 27 Oktober');
  });

  it('dateFormat: months inside a date vs standing alone (M vs L), and DST edges', () => {
    const at = { t: 1730000005000 };
    expect(r('{{dateFormat t "d MMMM" locale="ru"}}|{{dateFormat t "LLLL" locale="ru"}}', at)).toBe('27 октября|октябрь');
    // Paris: 2024-10-27 00:59:59Z is 02:59:59 summer time, one second later it is 02:00:00 winter time
    expect(r('{{dateFormat t "HH:mm:ss XXX" tz="Europe/Paris"}}', { t: Date.UTC(2024, 9, 27, 0, 59, 59) })).toBe('02:59:59 +02:00');
    expect(r('{{dateFormat t "HH:mm:ss XXX" tz="Europe/Paris"}}', { t: Date.UTC(2024, 9, 27, 1, 0, 0) })).toBe('02:00:00 +01:00');
    expect(r('{{dateFormat t "yyyy-MM-dd HH:mm" tz="Pacific/Kiritimati"}}', { t: Date.UTC(2024, 11, 31, 12, 0) })).toBe('2025-01-01 02:00');
  });

  it('dateFormat: ISO strings, Date objects, and nothing for nothing', () => {
    expect(r('{{dateFormat t "yyyy-MM-dd"}}', { t: '2024-02-29T23:59:59Z' })).toBe('2024-02-29');
    expect(r('{{dateFormat t "yyyy"}}', { t: new Date(Date.UTC(1999, 0, 1)) })).toBe('1999');
    expect(r('[{{dateFormat missing "yyyy"}}]')).toBe('[]');
    expect(r('[{{dateFormat t "yyyy"}}]', { t: 'not a date' })).toBe('[not a date]');
  });

  it('dateFormat: a number no Date can hold renders as it is, in any zone, never throws', () => {
    for (const t of [1e300, -1e300, '1e300', 8.64e15 + 1]) {
      expect(r('[{{dateFormat t "yyyy-MM-dd"}}]', { t })).toBe(`[${String(t)}]`);
      expect(r('[{{dateFormat t "yyyy-MM-dd HH:mm z" tz="Europe/Paris"}}]', { t })).toBe(`[${String(t)}]`);
    }
    // the last instant a Date holds is still a date; east of UTC its wall-clock time is not
    expect(r('{{dateFormat t "yyyy-MM-dd"}}', { t: 8.64e15 })).toBe('275760-09-13');
    expect(r('[{{dateFormat t "yyyy-MM-dd" tz="Asia/Kolkata"}}]', { t: 8.64e15 })).toBe('[8640000000000000]');
  });

  it('comparisons', () => {
    expect(r('{{eq 2 "2"}} {{eq a b}} {{eq 1 2}} {{ne 1 2}} {{ne "x" "x"}}', { a: 'x', b: 'x' })).toBe('true true false true false');
    expect(r('{{eq o o}} {{eq n u}}', { o: {}, n: null })).toBe('true false');
    expect(r('{{gt 3 2}} {{gt 2 3}} {{lt "10" 9}} {{lt 2 10}} {{gte 2 2}} {{lte 3 2}} {{gt "b" "a"}}')).toBe('true false false true true false true');
  });

  it('logic', () => {
    expect(r('{{and 1 "x" true}} {{and 1 0}} {{and 1 list}} {{or 0 "" "y"}} {{or 0 null}} {{not 0}} {{not "x"}} {{not list}}', { list: [] })).toBe(
      'true false false true false true false true',
    );
  });

  it('strings', () => {
    expect(r('{{upper "abc"}} {{lower "ÀBC"}} {{truncate "abcdefghij" 5}} {{truncate "abc" 5}} {{truncate "abcdefghij" 6 "..."}}')).toBe(
      'ABC àbc abcd… abc abc...',
    );
    expect(r('{{default missing "nobody"}} {{default "" "empty"}} {{default "set" "x"}} {{default a b "last"}}')).toBe('nobody empty set last');
    expect(r('{{join tags}}|{{join tags " / "}}|{{join one}}', { tags: ['a', 'b'], one: 'x' })).toBe('a, b|a / b|x');
    expect(r('{{json obj}} {{json missing}}', { obj: { a: [1, 'b"'] } })).toBe('{"a":[1,"b\\""]} null');
    expect(r('{{json obj 2}}', { obj: { a: 1 } })).toBe('{\n  "a": 1\n}');
  });
});

describe('escaping', () => {
  const title = 'Say "hi" to <script>alert(1)</script> & C:\\temp\nnext line';

  it('html (default) escapes HTML', () => {
    expect(renderTemplate('<p>{{t}}</p>', { t: '<b>"x" & y</b>' })).toBe('<p>&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</p>');
    expect(renderTemplate('{{{t}}}', { t: '<b>' })).toBe('<b>');
    expect(renderTemplate('{{json o}}', { o: { a: '<' } })).toBe('{&quot;a&quot;:&quot;&lt;&quot;}');
  });

  it('none leaves text alone', () => {
    expect(renderTemplate('{{t}}', { t: title }, { escape: 'none' })).toBe(title);
  });

  it('json keeps a JSON body valid whatever the title holds', () => {
    const tpl = '{"text": "{{object.title}}", "tags": {{json object.tags}}, "items": "{{#each object.tags}}{{this}};{{/each}}", "n": {{object.n}}, "sev": "{{severityLabel object.severity}}"}';
    const out = renderTemplate(tpl, { object: { title, tags: ['a"b', 'c\\d'], n: 3, severity: 4 } }, { escape: 'json' });
    const parsed = JSON.parse(out);
    expect(parsed).toEqual({ text: title, tags: ['a"b', 'c\\d'], items: 'a"b;c\\d;', n: 3, sev: 'CRITICAL' });
  });

  it('json escapes helper output and nested blocks too', () => {
    const out = renderTemplate('{"a": "{{upper t}}", "b": "{{#if t}}{{#with o}}{{v}}{{/with}}{{/if}}", "c": "{{default missing t}}"}', { t: 'q"', o: { v: '\u0001\t' } }, { escape: 'json' });
    expect(JSON.parse(out)).toEqual({ a: 'Q"', b: '\u0001\t', c: 'q"' });
  });

  it('a mustache right before closing braces (JSON bodies) parses', () => {
    const vars = { tags: ['x'], t: 'q"' };
    expect(JSON.parse(renderTemplate('{"tags":{{json tags}}}', vars, { escape: 'json' }))).toEqual({ tags: ['x'] });
    expect(JSON.parse(renderTemplate('{"a":{"b":"{{t}}","c":{{json tags}}}}', vars, { escape: 'json' }))).toEqual({ a: { b: 'q"', c: ['x'] } });
    expect(JSON.parse(renderTemplate('{"a":{{{json tags}}}}', vars, { escape: 'json' }))).toEqual({ a: ['x'] });
    expect(renderTemplate('{{!-- ignore }}} here --}}{"n":{{json tags.length}}}', vars, { escape: 'json' })).toBe('{"n":1}');
    expect(renderTemplate('\\{{t}}}', vars, { escape: 'none' })).toBe('{{t}}}');
    expect(renderTemplate('{{#each tags}}{"v":"{{this}}"}{{/each}}', vars, { escape: 'json' })).toBe('{"v":"x"}');
  });

  it('the same source renders per mode (no cache mix-up)', () => {
    const vars = { t: '"<x>"' };
    expect(renderTemplate('{{t}}', vars, { escape: 'json' })).toBe('\\"<x>\\"');
    expect(renderTemplate('{{t}}', vars, { escape: 'html' })).toBe('&quot;&lt;x&gt;&quot;');
    expect(renderTemplate('{{t}}', vars, { escape: 'none' })).toBe('"<x>"');
    expect(renderTemplate('{{t}}', { t: 'other' }, { escape: 'json' })).toBe('other');
  });

  it('does not reach prototype properties', () => {
    expect(renderTemplate('[{{constructor.name}}][{{__proto__}}]', {}, { escape: 'none' })).toBe('[][]');
  });
});

describe('TemplateError', () => {
  it('a syntax error names the problem in one line', () => {
    let error: unknown;
    try {
      renderTemplate('Hello {{#if object.title}}unclosed', {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).name).toBe('TemplateError');
    expect((error as Error).message).toMatch(/^template: Parse error on line 1:.*EOF/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('unknown helpers, mismatched blocks and helper failures', () => {
    expect(() => renderTemplate('{{nosuchhelper object.title}}', { object: {} })).toThrow(/template: Missing helper: "nosuchhelper"/);
    expect(() => renderTemplate('{{#if a}}x{{/each}}', {})).toThrow(TemplateError);
    expect(() => renderTemplate('{{dateFormat t "yyyy" tz="Mars/Olympus"}}', { t: 0 })).toThrow(TemplateError);
    expect(() => renderTemplate(42 as unknown as string, {})).toThrow(/expected a string/);
  });

  it('checkTemplate validates without rendering', () => {
    expect(() => checkTemplate('{{object.title}} {{#each x}}{{/each}}')).not.toThrow();
    expect(() => checkTemplate('{{#each x}}')).toThrow(TemplateError);
    expect(() => checkTemplate('{{', { escape: 'json' })).toThrow(/template: Parse error/);
  });
});
