import { describe, expect, it } from 'vitest';
import { evaluateFilter, validateFilter } from '../../../shared/triggers/filter.js';
import { normalise } from '../../../shared/events/normalise.js';
import { parseConfig } from '../../../shared/config/load.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { fixture, type FixtureVersion } from '../../fixtures/thehive/index.js';

function load(version: FixtureVersion, name: string): RelayEvent {
  const result = normalise(fixture(version, name));
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

// v5 audit: Case update, details {status TruePositive, stage Closed, summary 'Domain sinkholed', endDate…},
// object {number 1021, title 'Data exfiltration via DNS', severity 3, tags [dns, exfil],
// customFieldValues {business-unit: 'R&D', hosts: 3}, customFields [{name, value}…]}
const closed = load('v5-audit', 'case-close');

/** [operator, v5 form, shorthand form, expected on `closed`] */
const both: Array<[string, unknown, unknown, boolean]> = [
  ['_is', { _is: { _field: 'details.stage', _value: 'Closed' } }, { _is: { 'details.stage': 'Closed' } }, true],
  ['_is', { _is: { _field: 'details.stage', _value: 'closed' } }, { _is: { 'details.stage': 'closed' } }, false],
  ['_eq', { _eq: { _field: 'object.severity', _value: 3 } }, { _eq: { 'object.severity': 3 } }, true],
  ['_eq', { _eq: { _field: 'object.severity', _value: '3' } }, { _eq: { 'object.severity': '3' } }, false],
  ['_ne', { _ne: { _field: 'object.severity', _value: 2 } }, { _ne: { 'object.severity': 2 } }, true],
  ['_ne', { _ne: { _field: 'object.severity', _value: 3 } }, { _ne: { 'object.severity': 3 } }, false],
  ['_gt', { _gt: { _field: 'object.severity', _value: 2 } }, { _gt: { 'object.severity': 2 } }, true],
  ['_gt', { _gt: { _field: 'object.severity', _value: 3 } }, { _gt: { 'object.severity': 3 } }, false],
  ['_gte', { _gte: { _field: 'object.severity', _value: 3 } }, { _gte: { 'object.severity': 3 } }, true],
  ['_gte', { _gte: { _field: 'object.severity', _value: 4 } }, { _gte: { 'object.severity': 4 } }, false],
  ['_lt', { _lt: { _field: 'object.severity', _value: 4 } }, { _lt: { 'object.severity': 4 } }, true],
  ['_lt', { _lt: { _field: 'object.severity', _value: 3 } }, { _lt: { 'object.severity': 3 } }, false],
  ['_lte', { _lte: { _field: 'object.severity', _value: 3 } }, { _lte: { 'object.severity': 3 } }, true],
  ['_lte', { _lte: { _field: 'object.severity', _value: 2 } }, { _lte: { 'object.severity': 2 } }, false],
  ['_between', { _between: { _field: 'object.severity', _from: 3, _to: 4 } }, { _between: { 'object.severity': { _from: 3, _to: 4 } } }, true],
  ['_between', { _between: { _field: 'object.severity', _from: 1, _to: 3 } }, { _between: { 'object.severity': { _from: 1, _to: 3 } } }, false],
  ['_in', { _in: { _field: 'details.status', _values: ['FalsePositive', 'TruePositive'] } }, { _in: { 'details.status': ['FalsePositive', 'TruePositive'] } }, true],
  ['_in', { _in: { _field: 'details.status', _values: ['New'] } }, { _in: { 'details.status': ['New'] } }, false],
  ['_startsWith', { _startsWith: { _field: 'object.title', _value: 'Data ex' } }, { _startsWith: { 'object.title': 'Data ex' } }, true],
  ['_startsWith', { _startsWith: { _field: 'object.title', _value: 'data' } }, { _startsWith: { 'object.title': 'data' } }, false],
  ['_endsWith', { _endsWith: { _field: 'object.title', _value: 'via DNS' } }, { _endsWith: { 'object.title': 'via DNS' } }, true],
  ['_endsWith', { _endsWith: { _field: 'object.title', _value: 'Data' } }, { _endsWith: { 'object.title': 'Data' } }, false],
  ['_like', { _like: { _field: 'object.title', _value: '*exfil*' } }, { _like: { 'object.title': '*exfil*' } }, true],
  ['_like', { _like: { _field: 'object.title', _value: 'Data*DNS' } }, { _like: { 'object.title': 'Data*DNS' } }, true],
  ['_like', { _like: { _field: 'object.title', _value: '*exfil' } }, { _like: { 'object.title': '*exfil' } }, false],
  ['_like', { _like: { _field: 'object.title', _value: 'Data exfiltration via DNS' } }, { _like: { 'object.title': 'Data exfiltration via DNS' } }, true],
  ['_match', { _match: { _field: 'object.title', _value: '^Data ex\\w+ via [A-Z]{3}$' } }, { _match: { 'object.title': '^Data ex\\w+ via [A-Z]{3}$' } }, true],
  ['_match', { _match: { _field: 'object.title', _value: 'exfil' } }, { _match: { 'object.title': 'exfil' } }, true],
  ['_match', { _match: { _field: 'object.title', _value: 'dns EXFILTRATION' } }, { _match: { 'object.title': 'dns EXFILTRATION' } }, false],
  ['_contains', { _contains: { _field: 'object.title', _value: 'filtration' } }, { _contains: { 'object.title': 'filtration' } }, true],
  ['_contains', { _contains: { _field: 'object.tags', _value: 'exfil' } }, { _contains: { 'object.tags': 'exfil' } }, true],
  ['_contains', { _contains: { _field: 'object.tags', _value: 'malware' } }, { _contains: { 'object.tags': 'malware' } }, false],
  ['_has', { _has: { _field: 'details.endDate' } }, { _has: 'details.endDate' }, true],
  ['_has', { _has: { _field: 'details.assignee' } }, { _has: 'details.assignee' }, false],
  ['_empty', { _empty: { _field: 'object.extraData' } }, { _empty: 'object.extraData' }, true],
  ['_empty', { _empty: { _field: 'object.tags' } }, { _empty: 'object.tags' }, false],
];

describe('evaluateFilter: every operator, both forms', () => {
  it.each(both)('%s (v5 form) → see table', (_op, v5, _short, want) => {
    expect(evaluateFilter(v5, closed)).toBe(want);
  });
  it.each(both)('%s (shorthand) → see table', (_op, _v5, short, want) => {
    expect(evaluateFilter(short, closed)).toBe(want);
  });
});

describe('evaluateFilter: logic and special operators', () => {
  const yes = { _is: { _field: 'action', _value: 'update' } };
  const no = { _is: { _field: 'action', _value: 'delete' } };

  it('_and, _or, _not, _any', () => {
    expect(evaluateFilter({ _and: [yes, yes] }, closed)).toBe(true);
    expect(evaluateFilter({ _and: [yes, no] }, closed)).toBe(false);
    expect(evaluateFilter({ _and: [] }, closed)).toBe(true);
    expect(evaluateFilter({ _or: [no, yes] }, closed)).toBe(true);
    expect(evaluateFilter({ _or: [no, no] }, closed)).toBe(false);
    expect(evaluateFilter({ _or: [] }, closed)).toBe(false);
    expect(evaluateFilter({ _not: no }, closed)).toBe(true);
    expect(evaluateFilter({ _not: yes }, closed)).toBe(false);
    expect(evaluateFilter({ _any: '' }, closed)).toBe(true);
  });

  it('the documented escalation example', () => {
    const escalated = {
      _and: [
        { _is: { _field: 'action', _value: 'update' } },
        { _is: { _field: 'objectType', _value: 'Case' } },
        { _gte: { _field: 'details.severity', _value: 3 } },
      ],
    };
    expect(evaluateFilter(escalated, load('v3', 'case-update'))).toBe(true); // severity 2 → 3
    expect(evaluateFilter(escalated, load('v4', 'case-update'))).toBe(true); // → 4
    expect(evaluateFilter(escalated, closed)).toBe(false); // no severity change
  });

  it('_id matches the object id, one or several', () => {
    expect(evaluateFilter({ _id: '~122900' }, closed)).toBe(true);
    expect(evaluateFilter({ _id: ['~1', '~122900'] }, closed)).toBe(true);
    expect(evaluateFilter({ _id: '~1' }, closed)).toBe(false);
  });

  it('_arrayMatch applies its filter to each element', () => {
    const match = (filter: unknown) => evaluateFilter({ _arrayMatch: { _field: 'object.customFields', _filter: filter } }, closed);
    expect(match({ _and: [{ _is: { name: 'hosts' } }, { _gte: { value: 3 } }] })).toBe(true);
    expect(match({ _and: [{ _is: { name: 'hosts' } }, { _gt: { value: 3 } }] })).toBe(false);
    // the element itself, for arrays of scalars
    expect(evaluateFilter({ _arrayMatch: { _field: 'object.tags', _filter: { _startsWith: { _field: '', _value: 'ex' } } } }, closed)).toBe(true);
    expect(evaluateFilter({ _arrayMatch: { _field: 'object.title', _filter: { _any: 1 } } }, closed)).toBe(false);
  });

  it('paths reach custom fields with dashes, array indexes and elements, and keys with dots', () => {
    expect(evaluateFilter({ _is: { 'object.customFieldValues.business-unit': 'R&D' } }, closed)).toBe(true);
    expect(evaluateFilter({ _is: { 'context.customFieldValues.business-unit': 'R&D' } }, closed)).toBe(true);
    expect(evaluateFilter({ _is: { 'object.tags.1': 'exfil' } }, closed)).toBe(true);
    expect(evaluateFilter({ _is: { 'object.tags.0': 'exfil' } }, closed)).toBe(false);
    expect(evaluateFilter({ _is: { 'object.customFields.name': 'hosts' } }, closed)).toBe(true);
    expect(evaluateFilter({ _is: { 'organisation.organisation': 'ACME-SOC' } }, closed)).toBe(true);
    const dotted = { ...closed, details: { 'cf.v1': { score: 5 } } };
    expect(evaluateFilter({ _gte: { 'details.cf.v1.score': 5 } }, dotted)).toBe(true);
  });

  it('a scalar matches any element of an array field; an array operand compares the whole array', () => {
    expect(evaluateFilter({ _is: { 'object.tags': 'dns' } }, closed)).toBe(true);
    expect(evaluateFilter({ _is: { 'object.tags': ['dns', 'exfil'] } }, closed)).toBe(true);
    expect(evaluateFilter({ _is: { 'object.tags': ['exfil', 'dns'] } }, closed)).toBe(false);
    expect(evaluateFilter({ _in: { _field: 'object.tags', _values: ['ransomware', 'dns'] } }, closed)).toBe(true);
  });

  it('a missing field matches nothing but _ne and _not', () => {
    const missing = 'details.nothingHere';
    for (const op of ['_is', '_gt', '_lt', '_startsWith', '_like', '_contains', '_match']) {
      expect(evaluateFilter({ [op]: { [missing]: op === '_gt' || op === '_lt' ? 1 : 'x' } }, closed), op).toBe(false);
    }
    expect(evaluateFilter({ _in: { _field: missing, _values: ['x'] } }, closed)).toBe(false);
    expect(evaluateFilter({ _between: { _field: missing, _from: 0, _to: 9 } }, closed)).toBe(false);
    expect(evaluateFilter({ _empty: missing }, closed)).toBe(false);
    expect(evaluateFilter({ _ne: { [missing]: 'x' } }, closed)).toBe(true);
    expect(evaluateFilter({ _not: { _has: missing } }, closed)).toBe(true);
  });

  it('_empty knows "", [], {} and null; _has counts null as present', () => {
    const e = { ...closed, details: { a: '', b: [], c: {}, d: null, e: 0, f: false } };
    expect(['a', 'b', 'c', 'd'].every((k) => evaluateFilter({ _empty: `details.${k}` }, e))).toBe(true);
    expect(['e', 'f'].some((k) => evaluateFilter({ _empty: `details.${k}` }, e))).toBe(false);
    expect(evaluateFilter({ _has: 'details.d' }, e)).toBe(true);
  });

  it('compares numbers only, as TheHive does', () => {
    expect(validateFilter({ _gt: { 'details.status': 'A' } })).toMatchObject({ ok: false, path: '_gt.details.status' });
    expect(evaluateFilter({ _gt: { 'details.status': 'A' } }, closed)).toBe(false);
    expect(evaluateFilter({ _gt: { 'object.title': 1 } }, closed)).toBe(false);
    expect(evaluateFilter({ _gt: { 'object.number': 1000 } }, { ...closed, object: { number: '1021' } })).toBe(false);
    expect(evaluateFilter({ _between: { _field: 'details.endDate', _from: 1730000005000, _to: 1730000005001 } }, closed)).toBe(true);
  });

  it('action and objectType accept v0 and any-case names', () => {
    const observable = load('v3', 'observable-create-case');
    expect(evaluateFilter({ _is: { _field: 'objectType', _value: 'Observable' } }, observable)).toBe(true);
    expect(evaluateFilter({ _is: { _field: 'objectType', _value: 'case_artifact' } }, observable)).toBe(true);
    expect(evaluateFilter({ _is: { _field: 'action', _value: 'Creation' } }, observable)).toBe(true);
    expect(evaluateFilter({ _is: { action: 'CREATE' } }, observable)).toBe(true);
    expect(evaluateFilter({ _ne: { objectType: 'case_artifact' } }, observable)).toBe(false);
    expect(evaluateFilter({ _in: { _field: 'objectType', _values: ['case', 'case_artifact'] } }, observable)).toBe(true);
    expect(evaluateFilter({ _in: { _field: 'action', _values: ['Update', 'Delete'] } }, observable)).toBe(false);
    expect(evaluateFilter({ _is: { objectType: 'Task' } }, observable)).toBe(false);
  });

  it('filters v3/v4 events on v5 field names', () => {
    const v3 = load('v3', 'case-close');
    expect(evaluateFilter({ _is: { _field: 'details.stage', _value: 'Closed' } }, v3)).toBe(true);
    expect(evaluateFilter({ _is: { 'object.customFieldValues.business-unit': 'Finance' } }, v3)).toBe(true);
    expect(evaluateFilter({ _is: { 'object.assignee': 'jdoe' } }, v3)).toBe(true);
    const v4 = load('v4', 'task-assign');
    expect(evaluateFilter({ _has: 'details.assignee' }, v4)).toBe(true);
    expect(evaluateFilter({ _is: { 'organisation.organisationId': '~4104' } }, v4)).toBe(true);
  });

  it('an invalid filter, or one that is not an object, passes nothing', () => {
    expect(evaluateFilter({ _bogus: 1 }, closed)).toBe(false);
    expect(evaluateFilter(null, closed)).toBe(false);
    expect(evaluateFilter('_any', closed)).toBe(false);
    expect(evaluateFilter({ _not: { _bogus: 1 } }, closed)).toBe(false);
  });

  it('gives the same answer on repeated use of one filter object', () => {
    const filter = { _is: { 'details.stage': 'Closed' } };
    expect(evaluateFilter(filter, closed)).toBe(true);
    expect(evaluateFilter(filter, load('v5-audit', 'case-update'))).toBe(false);
    expect(evaluateFilter(filter, closed)).toBe(true);
  });
});

describe('_match: a regular expression, as TheHive documents it', () => {
  const match = (field: string, pattern: string, event: RelayEvent = closed) => evaluateFilter({ _match: { [field]: pattern } }, event);

  it('finds the pattern anywhere unless anchored, case-sensitively', () => {
    expect(match('object.title', 'via DNS')).toBe(true);
    expect(match('object.title', '^via DNS')).toBe(false);
    expect(match('object.title', '^Data')).toBe(true);
    expect(match('object.title', 'DNS$')).toBe(true);
    expect(match('object.title', 'dns')).toBe(false);
    expect(match('object.title', '[Dd][Nn][Ss]')).toBe(true);
    // the word search it replaced matched these; a regular expression does not
    expect(match('object.title', 'DNS Data')).toBe(false);
    expect(match('object.title', 'data EXFILTRATION')).toBe(false);
  });

  it('uses Unicode patterns (the u flag)', () => {
    const e = { ...closed, object: { title: 'Résumé: Überwachung' } };
    expect(match('object.title', '^\\p{Lu}\\p{Ll}+é', e)).toBe(true);
    expect(match('object.title', '^.{6}:', e)).toBe(true);
    expect(match('object.title', '\\p{Lu}berwachung$', e)).toBe(true);
  });

  it('tests each string element of an array, and never a number, boolean or object', () => {
    expect(match('object.tags', '^ex')).toBe(true);
    expect(match('object.tags', '^(dns|exfil)$')).toBe(true);
    expect(match('object.tags', '^mal')).toBe(false);
    expect(match('object.severity', '^3$')).toBe(false);
    expect(match('object.flag', 'false')).toBe(false);
    expect(match('object.customFieldValues', 'R&D')).toBe(false);
    expect(match('object.customFieldValues.business-unit', '^R&D$')).toBe(true);
  });

  it('gives the same answer on every event (no state kept between tests)', () => {
    const filter = { _match: { 'object.title': 'DNS' } };
    for (let i = 0; i < 3; i++) expect(evaluateFilter(filter, closed)).toBe(true);
  });

  it('an invalid or refused pattern passes nothing and never throws', () => {
    for (const pattern of ['(unclosed', '(?i)dns', '(a+)+$', 'x'.repeat(501)]) {
      expect(match('object.title', pattern), pattern.slice(0, 20)).toBe(false);
    }
  });

  it('validation refuses an invalid pattern with the path of the pattern', () => {
    expect(validateFilter({ _match: { 'object.title': '(unclosed' } })).toMatchObject({ ok: false, path: '_match.object.title', message: expect.stringMatching(/invalid regular expression/) });
    expect(validateFilter({ _match: { _field: 'object.title', _value: '[z-a]' } })).toMatchObject({ ok: false, path: '_match._value' });
    // no inline flags in JavaScript: (?i) is no pattern
    expect(validateFilter({ _match: { 'object.title': '(?i)dns' } })).toMatchObject({ ok: false, path: '_match.object.title' });
    expect(validateFilter({ _and: [{ _any: '' }, { _match: { _field: 'object.title', _value: '\\' } }] })).toMatchObject({ ok: false, path: '_and[1]._match._value' });
    expect(validateFilter({ _match: { 'object.title': 5 } })).toMatchObject({ ok: false, path: '_match.object.title', message: 'expected a string' });
  });

  it('validation refuses the patterns that can backtrack without end, and overlong ones', () => {
    expect(validateFilter({ _match: { 'object.title': '^(a+)+$' } })).toMatchObject({ ok: false, path: '_match.object.title', message: expect.stringMatching(/repeated/) });
    expect(validateFilter({ _match: { 'object.title': '(\\w+\\s?)*$' } })).toMatchObject({ ok: false, message: expect.stringMatching(/repeated/) });
    expect(validateFilter({ _match: { 'object.title': 'a'.repeat(501) } })).toMatchObject({ ok: false, message: expect.stringMatching(/at most 500/) });
    expect(validateFilter({ _match: { 'object.title': 'a'.repeat(500) } })).toEqual({ ok: true });
    // and (a+)+ on a long run of a's answers at once, since it is never compiled
    const started = Date.now();
    expect(match('object.title', '^(a+)+$', { ...closed, object: { title: 'a'.repeat(40) + '!' } })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('validateFilter', () => {
  it('accepts every operator in both forms', () => {
    for (const [, v5, short] of both) {
      expect(validateFilter(v5)).toEqual({ ok: true });
      expect(validateFilter(short)).toEqual({ ok: true });
    }
    expect(validateFilter({ _arrayMatch: { _field: 'object.tags', _filter: { _any: '' } } })).toEqual({ ok: true });
    expect(validateFilter({ _id: ['~1', 2] })).toEqual({ ok: true });
  });

  const bad: Array<[unknown, string, RegExp]> = [
    [{}, '(filter)', /operator/],
    [[], '(filter)', /object/],
    ['x', '(filter)', /object/],
    [{ _is: { a: 1 }, _ne: { b: 2 } }, '(filter)', /one operator.*_and/],
    [{ _bogus: 1 }, '_bogus', /unknown operator "_bogus"/],
    [{ severity: 3 }, 'severity', /unknown operator/],
    [{ _and: {} }, '_and', /array of filters/],
    [{ _and: [{ _any: '' }, { _gt: { _field: 'x', _value: true } }] }, '_and[1]._gt._value', /number/],
    [{ _or: [{ _not: { _nope: 1 } }] }, '_or[0]._not._nope', /unknown operator/],
    [{ _is: { _field: 'x' } }, '_is._value', /_value/],
    [{ _is: { _field: 3, _value: 1 } }, '_is._field', /field path/],
    [{ _is: { a: 1, b: 2 } }, '_is', /exactly one/],
    [{ _is: 'details.x' }, '_is', /_field/],
    [{ _in: { _field: 'x', _values: 'y' } }, '_in._values', /array/],
    [{ _in: { x: 'y' } }, '_in.x', /array/],
    [{ _between: { _field: 'x', _from: 1 } }, '_between._to', /number/],
    [{ _between: { x: 5 } }, '_between', /_from/],
    [{ _startsWith: { x: 5 } }, '_startsWith.x', /string/],
    [{ _like: { _field: 'x', _value: null } }, '_like._value', /string/],
    [{ _has: 5 }, '_has', /field path/],
    [{ _empty: {} }, '_empty', /field path/],
    [{ _id: {} }, '_id', /object id/],
    [{ _id: ['~1', {}] }, '_id[1]', /object id/],
    [{ _arrayMatch: { _field: 'x' } }, '_arrayMatch._filter', /_filter/],
    [{ _arrayMatch: { _field: 'x', _filter: { _gt: { y: 'a', z: 1 } } } }, '_arrayMatch._filter._gt', /exactly one/],
  ];
  it.each(bad)('rejects %j at %s', (filter, path, message) => {
    const result = validateFilter(filter);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.path).toBe(path);
    expect(result.message).toMatch(message);
  });
});

describe('config validation of notifier filters', () => {
  const config = (filter: unknown) => ({
    ingest: { auth: { type: 'none' } },
    notifiers: [
      { type: 'console', name: 'ok', triggers: ['AnyEvent'] },
      { type: 'console', name: 'filtered', triggers: ['FilteredEvent'], filter },
    ],
  });

  it('accepts a valid filter', () => {
    expect(() => parseConfig(config({ _and: [{ _is: { action: 'update' } }, { _gte: { 'details.severity': 3 } }] }))).not.toThrow();
  });

  it('names the bad part of an invalid filter with its full path', () => {
    expect(() => parseConfig(config({ _and: [{ _is: { action: 'update' } }, { _gte: { _field: 'details.severity', _value: 'high' } }] }))).toThrow(
      /notifiers\[1\]\.filter\._and\[1\]\._gte\._value: expected a number/,
    );
    expect(() => parseConfig(config({ _whatever: 1 }))).toThrow(/notifiers\[1\]\.filter\._whatever: unknown operator/);
  });

  it('refuses a _match pattern that is no regular expression, naming its path', () => {
    expect(() => parseConfig(config({ _match: { 'object.title': '(unclosed' } }))).toThrow(/notifiers\[1\]\.filter\._match\.object\.title: invalid regular expression/);
    expect(() => parseConfig(config({ _match: { _field: 'object.title', _value: '^Phishing .*$' } }))).not.toThrow();
  });
});

describe('_like wildcards', () => {
  const titled = (title: string) => ({ ...load('v5-audit', 'case-create'), object: { title } }) as RelayEvent;
  const like = (pattern: string, title: string) => evaluateFilter({ _like: { 'object.title': pattern } }, titled(title));
  // what `*` means, written as a regular expression: the reference the matcher must agree with
  const reference = (pattern: string, title: string) =>
    new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`).test(title);

  it('agrees with the regular-expression meaning of * on every short pattern and title', () => {
    const words = (alphabet: string[], length: number): string[] =>
      length === 0 ? [''] : words(alphabet, length - 1).flatMap((word) => alphabet.map((c) => word + c));
    const patterns = [0, 1, 2, 3, 4].flatMap((n) => words(['a', 'b', '*'], n));
    const titles = [0, 1, 2, 3, 4].flatMap((n) => words(['a', 'b'], n));
    for (const pattern of patterns) for (const title of titles) expect(like(pattern, title), `${pattern} ~ ${title}`).toBe(reference(pattern, title));
  });

  it('never lets parts overlap, and treats other characters literally', () => {
    expect(like('ab*bc', 'abc')).toBe(false);
    expect(like('a.c*', 'abc')).toBe(false);
    expect(like('(x)*[y]', '(x) and [y]')).toBe(true);
  });

  it('answers on a long, almost matching title (a regular expression of [\\s\\S]* would backtrack for seconds)', () => {
    const title = 'a'.repeat(3000) + 'b'.repeat(3000);
    expect(like('*a*b*c*', title)).toBe(false);
    expect(like('*a*b*', title)).toBe(true);
  });
});
