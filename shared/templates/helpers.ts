/**
 * Template helpers: TheHive's own (tlpLabel, papLabel, severityLabel, dateFormat) plus the
 * small comparison and string helpers its docs use (`{{#if (eq object.severity 2)}}`).
 * Every helper receives Handlebars' `options` object last; `args()` strips it.
 */
import Handlebars from 'handlebars/runtime';
import { papLabel, severityLabel, tlpLabel } from '../events/labels.js';
import type { TheHiveVersion } from '../events/model.js';
import { formatDate } from './date-format.js';

type HelperOptions = Handlebars.HelperOptions;

const args = (all: unknown[]): { values: unknown[]; options: HelperOptions } => ({
  values: all.slice(0, -1),
  options: all[all.length - 1] as HelperOptions,
});

/** Handlebars' idea of falsy: empty arrays count as false too. */
const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

/** equality of scalars by value, so `(eq object.severity "2")` works as well as `(eq object.severity 2)` */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null || typeof a === 'object' || typeof b === 'object') return false;
  return String(a) === String(b);
}

function order(a: unknown, b: unknown): number {
  const x = typeof a === 'string' && a.trim() !== '' && Number.isFinite(Number(a)) ? Number(a) : a;
  const y = typeof b === 'string' && b.trim() !== '' && Number.isFinite(Number(b)) ? Number(b) : b;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const sx = String(x ?? '');
  const sy = String(y ?? '');
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

/** version for the label helpers: `version=` argument, else the event's, else 5 */
function versionOf(options: HelperOptions): TheHiveVersion {
  const explicit = Number(options.hash?.version);
  if (explicit === 3 || explicit === 4 || explicit === 5) return explicit;
  const root = options.data?.root as { audit?: { version?: unknown }; version?: unknown } | undefined;
  const fromEvent = Number(root?.audit?.version ?? root?.version);
  return fromEvent === 3 || fromEvent === 4 ? fromEvent : 5;
}

export type Helper = (...all: unknown[]) => unknown;

const byMode = new Map<string, Record<string, Helper>>();

/** The helpers for one escaping mode (only `json` differs: raw in JSON templates, escaped elsewhere). */
export function templateHelpers(mode: 'html' | 'json' | 'none'): Record<string, Helper> {
  let found = byMode.get(mode);
  if (!found) {
    found = buildHelpers(mode);
    byMode.set(mode, found);
  }
  return found;
}

function buildHelpers(mode: 'html' | 'json' | 'none'): Record<string, Helper> {
  const helpers: Record<string, Helper> = {
    tlpLabel: (...all) => {
      const { values, options } = args(all);
      return tlpLabel(values[0], versionOf(options)) ?? '';
    },
    papLabel: (...all) => {
      const { values, options } = args(all);
      return papLabel(values[0], versionOf(options)) ?? '';
    },
    severityLabel: (...all) => severityLabel(args(all).values[0]) ?? '',
    dateFormat: (...all) => {
      const { values, options } = args(all);
      const pattern = typeof values[1] === 'string' && values[1] ? values[1] : 'yyyy-MM-dd HH:mm:ss';
      const locale = (options.hash?.locale ?? values[2]) as string | undefined;
      const tz = (options.hash?.tz ?? options.hash?.timeZone ?? values[3]) as string | undefined;
      return formatDate(values[0], pattern, { locale: locale ? String(locale) : undefined, tz: tz ? String(tz) : undefined });
    },
    eq: (...all) => {
      const [a, b] = args(all).values;
      return same(a, b);
    },
    ne: (...all) => {
      const [a, b] = args(all).values;
      return !same(a, b);
    },
    gt: (...all) => order(args(all).values[0], args(all).values[1]) > 0,
    gte: (...all) => order(args(all).values[0], args(all).values[1]) >= 0,
    lt: (...all) => order(args(all).values[0], args(all).values[1]) < 0,
    lte: (...all) => order(args(all).values[0], args(all).values[1]) <= 0,
    and: (...all) => args(all).values.every(truthy),
    or: (...all) => args(all).values.some(truthy),
    not: (...all) => !truthy(args(all).values[0]),
    json: (...all) => {
      const { values } = args(all);
      const indent = typeof values[1] === 'number' ? values[1] : undefined;
      const text = JSON.stringify(values[0] ?? null, null, indent) ?? 'null';
      // in JSON templates the JSON is spliced in as is; elsewhere it is escaped like any text
      return mode === 'json' ? new Handlebars.SafeString(text) : text;
    },
    truncate: (...all) => {
      const { values } = args(all);
      const text = values[0] == null ? '' : String(values[0]);
      const length = Number(values[1]);
      const suffix = typeof values[2] === 'string' ? values[2] : '…';
      if (!Number.isFinite(length) || length < 0 || [...text].length <= length) return text;
      const chars = [...text];
      return chars.slice(0, Math.max(0, length - [...suffix].length)).join('') + suffix;
    },
    upper: (...all) => String(args(all).values[0] ?? '').toUpperCase(),
    lower: (...all) => String(args(all).values[0] ?? '').toLowerCase(),
    default: (...all) => {
      const { values } = args(all);
      return values.find((v) => v !== undefined && v !== null && v !== '') ?? '';
    },
    join: (...all) => {
      const { values } = args(all);
      const separator = typeof values[1] === 'string' ? values[1] : ', ';
      return Array.isArray(values[0]) ? values[0].map((v) => (v == null ? '' : String(v))).join(separator) : values[0] == null ? '' : String(values[0]);
    },
  };
  return helpers;
}
