/** Helpers the built-in translators share: field lookup, severity bands, dates, observables, description text. */
import { isIP } from 'node:net';
import type { InputObservable, Severity } from '../../thehive/types.js';
import type { Validation } from '../translator.js';
import { isRecord } from '../../json.js';

export type Json = Record<string, unknown>;

/**
 * Every scalar value at a dotted path, in documents that mix flat dotted keys
 * (`"kibana.alert.rule.name": […]`) and nested objects (`kibana: { alert: … }`), where any level
 * may be an array (`fields` API style `["x"]`, or lists of objects). Values come back once each,
 * in document order.
 */
export function lookupAll(doc: unknown, path: string): Array<string | number | boolean> {
  const found: Array<string | number | boolean> = [];
  const visit = (node: unknown, parts: string[]) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, parts);
      return;
    }
    if (parts.length === 0) {
      if ((typeof node === 'string' && node !== '') || typeof node === 'number' || typeof node === 'boolean') {
        if (!found.includes(node)) found.push(node);
      }
      return;
    }
    if (!isRecord(node)) return;
    // try each key made of the next n..1 path parts: "a.b.c" may be a.b.c, a.b or a at this level
    for (let take = parts.length; take >= 1; take -= 1) {
      const key = parts.slice(0, take).join('.');
      if (Object.hasOwn(node, key)) visit(node[key], parts.slice(take));
    }
  };
  visit(doc, path.split('.'));
  return found;
}

/** The first scalar found along the paths, as a string. */
export function lookupString(doc: unknown, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const [value] = lookupAll(doc, path);
    if (value !== undefined) return String(value);
  }
  return undefined;
}

export function lookupNumber(doc: unknown, ...paths: string[]): number | undefined {
  for (const path of paths) {
    for (const value of lookupAll(doc, path)) {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isFinite(number)) return number;
    }
  }
  return undefined;
}

/** 0–100 → 1–4 in quarters (0–24 LOW, 25–49 MEDIUM, 50–74 HIGH, 75–100 CRITICAL). */
export function severityFromScore(score: number): Severity {
  const clamped = Math.max(0, Math.min(100, score));
  return Math.min(4, Math.floor(clamped / 25) + 1) as Severity;
}

const severityWords: Record<string, Severity> = {
  informational: 1,
  info: 1,
  low: 1,
  medium: 2,
  moderate: 2,
  high: 3,
  critical: 4,
};

/** `low|medium|high|critical` (and `informational`) → 1–4. */
export function severityFromWord(word: string | undefined): Severity | undefined {
  if (word === undefined) return undefined;
  const key = word.trim().toLowerCase();
  // own keys only: a source's `constructor` or `toString` is no severity
  return Object.hasOwn(severityWords, key) ? severityWords[key] : undefined;
}

/** epoch ms from epoch seconds, epoch ms (numbers or numeric strings) or an ISO 8601 date. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return toEpochMs(Number(text));
  // Wazuh writes offsets as +0000: make them +00:00 so every runtime parses them alike
  const parsed = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export const isIpAddress = (value: string) => isIP(value) !== 0;

/** Collects observables once per (dataType, data), keeping the first message and all tags. */
export class ObservableSet {
  private readonly byKey = new Map<string, InputObservable>();

  add(dataType: string, values: ReadonlyArray<unknown> | unknown, message?: string, tags?: string[]): this {
    for (const raw of Array.isArray(values) ? values : [values]) {
      if (raw === undefined || raw === null || typeof raw === 'object') continue;
      const data = String(raw).trim();
      if (!data || data === '-') continue;
      const key = `${dataType}\u0000${data}`;
      const existing = this.byKey.get(key);
      if (existing) {
        if (tags?.length) existing.tags = [...new Set([...(existing.tags ?? []), ...tags])];
        continue;
      }
      const observable: InputObservable = { dataType, data };
      if (message) observable.message = message;
      if (tags?.length) observable.tags = [...tags];
      this.byKey.set(key, observable);
    }
    return this;
  }

  /** An address-or-name field: `ip` when it parses as one, else `hostname`. */
  addHost(values: ReadonlyArray<unknown> | unknown, message?: string): this {
    for (const raw of Array.isArray(values) ? values : [values]) {
      if (typeof raw !== 'string' && typeof raw !== 'number') continue;
      this.add(isIpAddress(String(raw).trim()) ? 'ip' : 'hostname', raw, message);
    }
    return this;
  }

  list(): InputObservable[] {
    return [...this.byKey.values()];
  }
}

/** Lookup table: document path → (dataType, tags) for observables. */
export type ObservableMap = ReadonlyArray<readonly [path: string, dataType: string, tags?: string[]]>;

export function collectObservables(doc: unknown, map: ObservableMap, into = new ObservableSet()): ObservableSet {
  for (const [path, dataType, tags] of map) into.add(dataType, lookupAll(doc, path), path, tags);
  return into;
}

export const invalid = (field: string, message: string): Validation<never> => ({ ok: false, field, message });

/** A markdown table of label → value rows, skipping empty values. */
export function markdownTable(rows: Array<[string, unknown]>): string {
  const kept = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (!kept.length) return '';
  const cell = (value: unknown) => String(Array.isArray(value) ? value.join(', ') : value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return ['| field | value |', '|---|---|', ...kept.map(([label, value]) => `| ${cell(label)} | ${cell(value)} |`)].join('\n');
}

/** A fenced code block that survives backticks in the content. */
export const codeBlock = (text: string) => `\`\`\`\`text\n${text.replace(/````/g, '` ` ` `')}\n\`\`\`\``;
