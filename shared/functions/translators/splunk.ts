/**
 * `splunk`: the Splunk webhook alert action. Its body is fixed (not configurable):
 *   { result: {first result row, values as strings}, sid, search_name, results_link, app, owner }
 * and carries no severity: it is read from the row's `severity`/`urgency` (Enterprise Security
 * notables) or taken from `alert.severity` in the function's config.
 * When the alert triggers once per result, every row comes with the same `sid`, so the
 * sourceRef is `sid:` + a hash of the row.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../thehive/types.js';
import type { Translator, Validation } from '../translator.js';
import { createAlertAction } from './alert-action.js';
import {
  clip,
  codeBlock,
  collectObservables,
  invalid,
  lookupAll,
  markdownTable,
  ObservableSet,
  severityFromWord,
  toEpochMs,
  type Json,
  type ObservableMap,
} from './common.js';
import { isRecord } from '../../json.js';

export interface SplunkPayload {
  result: Json;
  sid: string;
  search_name?: string | null;
  results_link?: string;
  app?: string;
  owner?: string;
}

/**
 * CIM `src` and `dest` hold an address or a host name: they are typed per value (see addHost).
 * `query` is left to `other`: it is a DNS name in Network Resolution but SQL in Databases.
 */
const hostFields = ['src', 'dest'];

const observableMap: ObservableMap = [
  ['src_ip', 'ip'],
  ['dest_ip', 'ip'],
  ['ip', 'ip'],
  ['host', 'hostname'],
  ['dest_host', 'hostname'],
  ['src_host', 'hostname'],
  ['user', 'other', ['user']],
  ['src_user', 'other', ['user']],
  ['url', 'url'],
  ['domain', 'domain'],
  ['query', 'other', ['query']],
  ['file_hash', 'hash'],
  ['md5', 'hash'],
  ['sha1', 'hash'],
  ['sha256', 'hash'],
  ['file_name', 'filename'],
];

function validate(payload: unknown): Validation<SplunkPayload> {
  if (!isRecord(payload)) return invalid('(root)', 'expected the Splunk webhook body (JSON object)');
  if (typeof payload.sid !== 'string' || !payload.sid) return invalid('sid', 'required: the search id');
  if (!isRecord(payload.result)) return invalid('result', 'required: the first result row (object)');
  if (payload.search_name !== undefined && payload.search_name !== null && typeof payload.search_name !== 'string') {
    return invalid('search_name', 'expected a string or null');
  }
  for (const field of ['results_link', 'app', 'owner'] as const) {
    if (payload[field] !== undefined && payload[field] !== null && typeof payload[field] !== 'string') return invalid(field, 'expected a string');
  }
  return { ok: true, value: payload as unknown as SplunkPayload };
}

/** The row as canonical JSON (sorted keys), so equal rows hash equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function splunkSourceRef(payload: Pick<SplunkPayload, 'sid' | 'result'>): string {
  const hash = createHash('sha256').update(canonical(payload.result)).digest('hex').slice(0, 16);
  return `${clip(payload.sid, 128 - 17)}:${hash}`;
}

/** `src` and `dest` as `ip` or `hostname`, value by value. */
function hostsOf(result: Json): ObservableSet {
  const hosts = new ObservableSet();
  for (const field of hostFields) hosts.addHost(lookupAll(result, field), field);
  return hosts;
}

const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined);

export const splunkTranslator: Translator<SplunkPayload> = {
  type: 'splunk',
  validate,
  translate(payload, config, context) {
    const { result } = payload;
    const word = text(result.severity) ?? text(result.urgency);
    const fromRow = severityFromWord(word);
    const severity: Severity = fromRow ?? ((config.alert?.severity as Severity | undefined) ?? 2);
    const title = payload.search_name || text(result.rule_name) || `Splunk search ${payload.sid}`;
    const rows = Object.entries(result).filter(([key]) => key !== '_raw' && !key.startsWith('__mv_'));
    const raw = text(result._raw);
    const description = [
      markdownTable([
        ['search', payload.search_name],
        ['app', payload.app],
        ['owner', payload.owner],
        ['sid', payload.sid],
      ]),
      payload.results_link ? `[Open the results in Splunk](${payload.results_link})` : undefined,
      rows.length ? `**Result**\n\n${markdownTable(rows)}` : undefined,
      raw ? codeBlock(raw) : undefined,
    ]
      .filter(Boolean)
      .join('\n\n');
    return [
      createAlertAction(config, { type: 'splunk', source: 'Splunk' }, {
        sourceRef: splunkSourceRef(payload),
        title,
        description,
        severity,
        date: toEpochMs(result._time) ?? context.now,
        tags: [payload.app ? `splunk-app:${payload.app}` : undefined, fromRow ? `src-sev:${word!.toLowerCase()}` : undefined],
        observables: collectObservables(result, observableMap, hostsOf(result)).list(),
      }),
    ];
  },
};
