/**
 * TheHive's FilteredEvent query language, evaluated over a RelayEvent.
 *
 * Both forms are accepted: the v5 form `{"_is": {"_field": "details.severity", "_value": 3}}`
 * and the older shorthand `{"_is": {"details.severity": 3}}`.
 *
 * Semantics (TheHive 4's FilteredEvent is the reference; its comparisons are case-sensitive):
 *   - string operators compare case-sensitively;
 *   - `_match` is a regular expression (TheHive: "Matches a string using regex"), JavaScript syntax
 *     with the `u` flag, found anywhere in the value unless anchored with ^ and $; compiled once,
 *     an invalid or risky pattern is refused at validation (shared/triggers/regex-pattern.ts);
 *   - `action` and `objectType` are compared on their normalised names by `_is`/`_eq`/`_ne`/`_in`,
 *     case-insensitively, so `Creation`, `case_artifact` or `case` work as well as `create`,
 *     `Observable`, `Case` (TheHive 4 users tripped on this, issue #2488);
 *   - a field that is an array matches a scalar operand when any element does (tags);
 *     `_is` with an array operand compares the whole array;
 *   - a missing field matches nothing except `_ne` and `_not`;
 *   - `_gt`/`_gte`/`_lt`/`_lte`/`_between` compare numbers only (epoch ms for dates);
 *     `_between` is `_from` ≤ v < `_to`; `_like` takes `*` wildcards anywhere;
 *   - `_empty` is true for "", [], {} and null (a missing field is not empty: use `_not _has`);
 *   - `_id` matches the event's objectId (or object._id);
 *   - `_arrayMatch` applies `_filter` to each element of the array at `_field`; inside it,
 *     paths are relative to the element, and `_field: ""` names the element itself.
 * Dot paths walk objects (`details.customFieldValues.business-unit`), numeric segments index
 * arrays, other segments map over arrays; a key that itself contains dots is found too.
 */
import type { RelayEvent } from '../events/model.js';
import { objectTypeName } from '../events/object-types.js';
import { actionName } from '../events/verbs.js';
import { compilePattern } from './regex-pattern.js';
import { isRecord } from '../json.js';

type Predicate = (root: unknown, event: RelayEvent) => boolean;
type Segment = string | number;

class FilterProblem extends Error {
  constructor(
    readonly segments: Segment[],
    message: string,
  ) {
    super(message);
  }
}


const MISSING = Symbol('missing');

/* ---------------------------------------------------------------- paths */

function lookupFrom(value: unknown, segments: string[], index: number): unknown {
  if (index >= segments.length) return value;
  if (Array.isArray(value)) {
    const segment = segments[index];
    if (/^\d+$/.test(segment)) return lookupFrom(value[Number(segment)] ?? MISSING, segments, index + 1);
    const out: unknown[] = [];
    for (const element of value) {
      const found = lookupFrom(element, segments, index);
      if (found === MISSING) continue;
      if (Array.isArray(found)) out.push(...found);
      else out.push(found);
    }
    return out.length ? out : MISSING;
  }
  if (!isRecord(value)) return MISSING;
  let key = segments[index];
  // a key may itself contain dots (a custom field named "a.b"): try the longer keys too
  for (let end = index + 1; end <= segments.length; end++) {
    if (end > index + 1) key += '.' + segments[end - 1];
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      const found = lookupFrom(value[key], segments, end);
      if (found !== MISSING) return found;
    }
  }
  return MISSING;
}

const pathOf = (field: string): string[] => (field === '' || field === '.' ? [] : field.split('.'));

/* ---------------------------------------------------------------- comparisons */

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** scalar operand against a field that may be an array: any element */
const any = (value: unknown, test: (v: unknown) => boolean): boolean =>
  Array.isArray(value) ? value.some(test) : test(value);

/** numbers only, as in TheHive: a string field never compares */
const order = (a: unknown, b: number): number | undefined => (typeof a === 'number' ? a - b : undefined);

/**
 * `_like`'s `*` wildcards, matched without a regular expression: a RegExp of `[\s\S]*` per
 * wildcard backtracks polynomially (seconds on a few kilobytes of an almost-matching title).
 * The parts between wildcards are found left to right, each at its first place after the
 * previous one, which is where a match has the most room left.
 */
function globMatcher(pattern: string): (value: string) => boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return (value) => value === pattern;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middles = parts.slice(1, -1).filter(Boolean);
  return (value) => {
    if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
    const end = value.length - last.length;
    let from = first.length;
    for (const part of middles) {
      const at = value.indexOf(part, from);
      if (at === -1 || at + part.length > end) return false;
      from = at + part.length;
    }
    return true;
  };
}

/** `action`/`objectType` compare on normalised names, so `Creation`/`case_artifact` work. */
function canonical(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (field === 'action') return (actionName(value) ?? value).toLowerCase();
  if (field === 'objectType') return objectTypeName(value).toLowerCase();
  return value;
}
const normalisedFields = new Set(['action', 'objectType']);

/* ---------------------------------------------------------------- operands */

interface FieldOperand {
  field: string;
  value: unknown;
  /** where the value sits, for error paths */
  valueSegments: Segment[];
}

function fieldOperand(operand: unknown, at: Segment[], valueKey = '_value'): FieldOperand {
  if (!isRecord(operand)) throw new FilterProblem(at, `expected {"_field": "…", "${valueKey}": …} or {"<field>": <value>}`);
  if ('_field' in operand) {
    if (typeof operand._field !== 'string') throw new FilterProblem([...at, '_field'], 'expected a field path (string)');
    if (!(valueKey in operand)) throw new FilterProblem([...at, valueKey], `expected "${valueKey}" beside "_field"`);
    return { field: operand._field, value: operand[valueKey], valueSegments: [...at, valueKey] };
  }
  const keys = Object.keys(operand);
  if (keys.length !== 1) throw new FilterProblem(at, `expected {"_field": "…", "${valueKey}": …} or exactly one {"<field>": <value>}`);
  return { field: keys[0], value: operand[keys[0]], valueSegments: [...at, keys[0]] };
}

function fieldName(operand: unknown, at: Segment[]): string {
  if (typeof operand === 'string') return operand;
  if (isRecord(operand) && typeof operand._field === 'string') return operand._field;
  throw new FilterProblem(at, 'expected a field path (string) or {"_field": "…"}');
}

function expectString(value: unknown, at: Segment[]): string {
  if (typeof value !== 'string') throw new FilterProblem(at, 'expected a string');
  return value;
}

function expectNumber(value: unknown, at: Segment[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FilterProblem(at, 'expected a number');
  return value;
}

/* ---------------------------------------------------------------- compiler */

// Predicates run for every event: each builds its element tests once, when it is compiled.

const get = (root: unknown, path: string[]): unknown => lookupFrom(root, path, 0);

function compare(op: string, node: unknown, at: Segment[]): Predicate {
  const { field, value, valueSegments } = fieldOperand(node, at);
  const bound = expectNumber(value, valueSegments);
  const path = pathOf(field);
  const ok: (d: number) => boolean =
    op === '_gt' ? (d) => d > 0 : op === '_gte' ? (d) => d >= 0 : op === '_lt' ? (d) => d < 0 : (d) => d <= 0;
  const test = (v: unknown) => {
    const d = order(v, bound);
    return d !== undefined && ok(d);
  };
  return (root) => any(get(root, path), test);
}

function equality(node: unknown, at: Segment[]): Predicate {
  const { field, value } = fieldOperand(node, at);
  const path = pathOf(field);
  if (normalisedFields.has(field)) {
    const expected = canonical(field, value);
    return (root) => {
      const actual = get(root, path);
      return typeof actual === 'string' ? canonical(field, actual) === expected : deepEqual(actual, value);
    };
  }
  if (Array.isArray(value) || isRecord(value)) return (root) => deepEqual(get(root, path), value);
  const test = (v: unknown) => v === value;
  return (root) => any(get(root, path), test);
}

function membership(node: unknown, at: Segment[]): Predicate {
  const { field, value, valueSegments } = fieldOperand(node, at, '_values');
  if (!Array.isArray(value)) throw new FilterProblem(valueSegments, 'expected an array of values');
  const path = pathOf(field);
  const normalised = normalisedFields.has(field);
  const wanted = normalised ? value.map((v) => canonical(field, v)) : value;
  const test = (v: unknown) => {
    const actual = normalised ? canonical(field, v) : v;
    for (const w of wanted) if (deepEqual(actual, w)) return true;
    return false;
  };
  return (root) => any(get(root, path), test);
}

function between(node: unknown, at: Segment[]): Predicate {
  if (!isRecord(node)) throw new FilterProblem(at, 'expected {"_field": "…", "_from": …, "_to": …}');
  let field: string;
  let range: Record<string, unknown>;
  let rangeAt: Segment[];
  if ('_field' in node) {
    field = fieldName(node, at);
    range = node;
    rangeAt = at;
  } else {
    const keys = Object.keys(node);
    if (keys.length !== 1 || !isRecord(node[keys[0]])) {
      throw new FilterProblem(at, 'expected {"_field": "…", "_from": …, "_to": …} or {"<field>": {"_from": …, "_to": …}}');
    }
    field = keys[0];
    range = node[keys[0]] as Record<string, unknown>;
    rangeAt = [...at, keys[0]];
  }
  const from = expectNumber(range._from, [...rangeAt, '_from']);
  const to = expectNumber(range._to, [...rangeAt, '_to']);
  const path = pathOf(field);
  const test = (v: unknown) => {
    const low = order(v, from);
    const high = order(v, to);
    return low !== undefined && high !== undefined && low >= 0 && high < 0;
  };
  return (root) => any(get(root, path), test);
}

function stringTest(op: string, node: unknown, at: Segment[]): Predicate {
  const { field, value, valueSegments } = fieldOperand(node, at);
  const path = pathOf(field);
  if (op === '_contains') {
    // strings: substring; arrays: an element equal to the value
    return (root) => {
      const actual = get(root, path);
      if (Array.isArray(actual)) return actual.some((v) => deepEqual(v, value) || (typeof v === 'string' && typeof value === 'string' && v.includes(value)));
      return typeof actual === 'string' && typeof value === 'string' && actual.includes(value);
    };
  }
  const text = expectString(value, valueSegments);
  let test: (v: string) => boolean;
  switch (op) {
    case '_startsWith':
      test = (v) => v.startsWith(text);
      break;
    case '_endsWith':
      test = (v) => v.endsWith(text);
      break;
    case '_like':
      test = globMatcher(text);
      break;
    default: {
      const compiled = compilePattern(text);
      if (!compiled.ok) throw new FilterProblem(valueSegments, compiled.message);
      const { regex } = compiled;
      test = (v) => regex.test(v);
    }
  }
  const matches = (v: unknown) => typeof v === 'string' && test(v);
  return (root) => any(get(root, path), matches);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function compileNode(node: unknown, at: Segment[]): Predicate {
  if (!isRecord(node)) throw new FilterProblem(at, 'expected an object with one operator such as _and, _is, _gte');
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    throw new FilterProblem(at, keys.length ? `expected one operator, found ${keys.length} (${keys.join(', ')}): combine them with _and` : 'expected an operator such as _and, _is, _gte');
  }
  const op = keys[0];
  const operand = node[op];
  const here = [...at, op];
  switch (op) {
    case '_and':
    case '_or': {
      if (!Array.isArray(operand)) throw new FilterProblem(here, 'expected an array of filters');
      const parts = operand.map((child, i) => compileNode(child, [...here, i]));
      return op === '_and'
        ? (root, event) => {
            for (const part of parts) if (!part(root, event)) return false;
            return true;
          }
        : (root, event) => {
            for (const part of parts) if (part(root, event)) return true;
            return false;
          };
    }
    case '_not': {
      const inner = compileNode(operand, here);
      return (root, event) => !inner(root, event);
    }
    case '_any':
      return () => true;
    case '_is':
    case '_eq':
      return equality(operand, here);
    case '_ne': {
      const eq = equality(operand, here);
      return (root, event) => !eq(root, event);
    }
    case '_gt':
    case '_gte':
    case '_lt':
    case '_lte':
      return compare(op, operand, here);
    case '_between':
      return between(operand, here);
    case '_in':
      return membership(operand, here);
    case '_startsWith':
    case '_endsWith':
    case '_like':
    case '_match':
    case '_contains':
      return stringTest(op, operand, here);
    case '_has': {
      const path = pathOf(fieldName(operand, here));
      return (root) => get(root, path) !== MISSING;
    }
    case '_empty': {
      const path = pathOf(fieldName(operand, here));
      return (root) => {
        const v = get(root, path);
        return v !== MISSING && isEmpty(v);
      };
    }
    case '_id': {
      const ids = Array.isArray(operand) ? operand : [operand];
      ids.forEach((id, i) => {
        if (typeof id !== 'string' && typeof id !== 'number') throw new FilterProblem(Array.isArray(operand) ? [...here, i] : here, 'expected an object id');
      });
      const wanted = new Set(ids.map(String));
      return (root) => {
        if (!isRecord(root)) return false;
        const object = isRecord(root.object) ? root.object : undefined;
        return wanted.has(String(root.objectId)) || (object !== undefined && wanted.has(String(object._id ?? object.id)));
      };
    }
    case '_arrayMatch': {
      if (!isRecord(operand)) throw new FilterProblem(here, 'expected {"_field": "…", "_filter": {…}}');
      const path = pathOf(fieldName(operand, here));
      if (!('_filter' in operand)) throw new FilterProblem([...here, '_filter'], 'expected "_filter" beside "_field"');
      const inner = compileNode(operand._filter, [...here, '_filter']);
      return (root, event) => {
        const list = get(root, path);
        return Array.isArray(list) && list.some((element) => inner(element, event));
      };
    }
    default:
      throw new FilterProblem(here, `unknown operator "${op}"`);
  }
}

/* ---------------------------------------------------------------- API */

// Compiled filters, memoised per filter object (config objects live as long as the process).
const compiled = new WeakMap<object, Predicate>();
const never: Predicate = () => false;

function predicateOf(filter: unknown): Predicate {
  if (!isRecord(filter)) return never;
  let predicate = compiled.get(filter);
  if (!predicate) {
    try {
      predicate = compileNode(filter, []);
    } catch (error) {
      if (!(error instanceof FilterProblem)) throw error;
      predicate = never;
    }
    compiled.set(filter, predicate);
  }
  return predicate;
}

/** True when the event passes the filter. An invalid filter passes nothing (config validation reports it). */
export function evaluateFilter(filter: unknown, event: RelayEvent): boolean {
  return predicateOf(filter)(event, event);
}

export function formatFilterPath(segments: readonly Segment[]): string {
  let out = '';
  for (const part of segments) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(filter)';
}

/** The first problem in a filter, with its path as segments (for zod issues). */
export function filterProblem(filter: unknown): { segments: Segment[]; message: string } | undefined {
  try {
    compileNode(filter, []);
    return undefined;
  } catch (error) {
    if (error instanceof FilterProblem) return { segments: error.segments, message: error.message };
    throw error;
  }
}

export function validateFilter(filter: unknown): { ok: true } | { ok: false; path: string; message: string } {
  const problem = filterProblem(filter);
  return problem ? { ok: false, path: formatFilterPath(problem.segments), message: problem.message } : { ok: true };
}
