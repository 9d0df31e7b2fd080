/**
 * `wazuh`: a Wazuh alert (one line of alerts.json) posted verbatim by a `custom-*` integration
 * script. Rule level 0–15 → severity (0–6 LOW, 7–11 MEDIUM, 12–14 HIGH, 15+ CRITICAL); the
 * sourceRef is `<manager>:<alert id>`, since alert ids are unique per manager only.
 */
import type { Severity } from '../../thehive/types.js';
import type { Translator, Validation } from '../translator.js';
import { createAlertAction } from './alert-action.js';
import {
  codeBlock,
  collectObservables,
  invalid,
  lookupAll,
  lookupString,
  markdownTable,
  toEpochMs,
  type Json,
  type ObservableMap,
} from './common.js';
import { isRecord } from '../../json.js';

export interface WazuhAlert extends Json {
  id: string;
  rule: Json & { level: number; description: string; id?: string };
}

const observableMap: ObservableMap = [
  ['data.srcip', 'ip'],
  ['data.dstip', 'ip'],
  ['agent.ip', 'ip'],
  ['agent.name', 'hostname'],
  ['predecoder.hostname', 'hostname'],
  ['data.srcuser', 'other', ['user']],
  ['data.dstuser', 'other', ['user']],
  ['data.win.eventdata.targetUserName', 'other', ['user']],
  ['data.url', 'url'],
  ['syscheck.md5_after', 'hash'],
  ['syscheck.sha1_after', 'hash'],
  ['syscheck.sha256_after', 'hash'],
  ['syscheck.path', 'filename'],
  ['data.win.eventdata.image', 'filename'],
];

function validate(payload: unknown): Validation<WazuhAlert> {
  if (!isRecord(payload)) return invalid('(root)', 'expected a Wazuh alert (JSON object)');
  if ((typeof payload.id !== 'string' && typeof payload.id !== 'number') || payload.id === '') return invalid('id', 'required: the alert id');
  const rule = payload.rule;
  if (!isRecord(rule)) return invalid('rule', 'required: an object');
  const level = typeof rule.level === 'string' && rule.level.trim() !== '' ? Number(rule.level) : rule.level;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 16) return invalid('rule.level', 'required: an integer from 0 to 16');
  if (typeof rule.description !== 'string' || !rule.description) return invalid('rule.description', 'required: a string');
  if (payload.agent !== undefined && !isRecord(payload.agent)) return invalid('agent', 'expected an object');
  return { ok: true, value: { ...payload, id: String(payload.id), rule: { ...rule, level, description: rule.description } } as WazuhAlert };
}

export function severityFromLevel(level: number): Severity {
  if (level >= 15) return 4;
  if (level >= 12) return 3;
  if (level >= 7) return 2;
  return 1;
}

export const wazuhTranslator: Translator<WazuhAlert> = {
  type: 'wazuh',
  validate,
  translate(alert, config, context) {
    const { rule } = alert;
    const manager = lookupString(alert, 'manager.name', 'cluster.node', 'cluster.name') ?? 'wazuh';
    const agentName = lookupString(alert, 'agent.name');
    const fullLog = lookupString(alert, 'full_log');
    const details = markdownTable([
      ['rule', `${lookupString(alert, 'rule.id') ?? '?'}: ${rule.description}`],
      ['level', rule.level],
      ['groups', lookupAll(alert, 'rule.groups')],
      ['agent', agentName ? `${agentName} (${lookupString(alert, 'agent.id') ?? '?'}${lookupString(alert, 'agent.ip') ? `, ${lookupString(alert, 'agent.ip')}` : ''})` : undefined],
      ['manager', manager],
      ['location', lookupString(alert, 'location')],
      ['decoder', lookupString(alert, 'decoder.name')],
      ['source ip', lookupString(alert, 'data.srcip')],
      ['source user', lookupString(alert, 'data.srcuser')],
      ['fired times', lookupString(alert, 'rule.firedtimes')],
    ]);
    return [
      createAlertAction(config, { type: 'wazuh', source: 'Wazuh' }, {
        sourceRef: `${manager}:${alert.id}`,
        title: rule.description,
        description: [details, fullLog ? codeBlock(fullLog) : undefined].filter(Boolean).join('\n\n'),
        severity: severityFromLevel(rule.level),
        date: toEpochMs(alert.timestamp) ?? context.now,
        tags: [
          `wazuh-level:${rule.level}`,
          lookupString(alert, 'rule.id') ? `wazuh-rule:${lookupString(alert, 'rule.id')}` : undefined,
          ...lookupAll(alert, 'rule.groups').map(String),
          ...lookupAll(alert, 'rule.mitre.id').map((id) => `mitre:${id}`),
          ...lookupAll(alert, 'rule.mitre.tactic').map((tactic) => `mitre-tactic:${tactic}`),
          agentName ? `agent:${agentName}` : undefined,
        ],
        observables: collectObservables(alert, observableMap).list(),
      }),
    ];
  },
};
