/**
 * `elastic`: Kibana / Elastic Security alerts posted by a Kibana webhook connector. The body is
 * the user's Mustache template, so several shapes are accepted:
 *   { context: { alerts: [...], rule } }       detection rule, the README's `[{{{context.alerts}}}]`
 *   { context: { alerts: {...}, rule } }       one alert through `{{{context.alerts}}}` (or `alerts: {...}`)
 *   { rule, alerts: [...] }                     the body the README recommends
 *   { alerts: { new: { data: [...] }, … } }     summary actions (8.8+)
 *   [ ... ]                                     a list of alert documents
 *   { ...one alert document... }                per-alert actions, or a document posted as is
 * Alert documents mix flat dotted keys and nested objects, and values may be `[x]` arrays.
 * One TheHive alert per Elastic alert; its `kibana.alert.uuid` is the sourceRef.
 */
import type { Severity } from '../../thehive/types.js';
import type { FunctionConfig } from '../schema.js';
import type { TheHiveAction, TranslateContext, Translator, Validation } from '../translator.js';
import { createAlertAction } from './alert-action.js';
import {
  collectObservables,
  invalid,
  lookupAll,
  lookupNumber,
  lookupString,
  markdownTable,
  severityFromWord,
  toEpochMs,
  type Json,
  type ObservableMap,
} from './common.js';
import { isRecord } from '../../json.js';

export interface ElasticAlert {
  /** where it sits in the payload, for messages: `context.alerts[2]` */
  at: string;
  doc: Json;
  sourceRef: string;
  title: string;
}

export interface ElasticPayload {
  /** the body around the alerts (rule, results link), for fallbacks */
  envelope: Json;
  alerts: ElasticAlert[];
}

const idPaths = ['kibana.alert.uuid', '_id', 'signal.id', 'alert.uuid', 'alert.id'];
const titlePaths = ['kibana.alert.rule.name', 'signal.rule.name', 'rule.name'];
const envelopeTitlePaths = ['context.rule.name', 'rule.name'];

const observableMap: ObservableMap = [
  ['source.ip', 'ip'],
  ['destination.ip', 'ip'],
  ['host.ip', 'ip'],
  ['client.ip', 'ip'],
  ['server.ip', 'ip'],
  ['host.name', 'hostname'],
  ['host.hostname', 'hostname'],
  ['user.name', 'other', ['user']],
  ['user.target.name', 'other', ['user']],
  ['url.full', 'url'],
  ['url.original', 'url'],
  ['url.domain', 'domain'],
  ['dns.question.name', 'domain'],
  ['destination.domain', 'domain'],
  ['file.hash.md5', 'hash'],
  ['file.hash.sha1', 'hash'],
  ['file.hash.sha256', 'hash'],
  ['process.hash.md5', 'hash'],
  ['process.hash.sha1', 'hash'],
  ['process.hash.sha256', 'hash'],
  ['file.name', 'filename'],
  ['process.executable', 'filename'],
  ['email.from.address', 'mail'],
  ['email.to.address', 'mail'],
  ['user_agent.original', 'user-agent'],
  ['registry.path', 'registry'],
];

/** Summary actions (8.8+) send `alerts: { new: { count, data: [...] }, ongoing: …, recovered: … }`. */
const summaryGroups = ['new', 'ongoing', 'recovered', 'all'];
const isSummary = (alerts: Json) =>
  summaryGroups.some((group) => {
    const counted = alerts[group];
    return isRecord(counted) && (Array.isArray(counted.data) || typeof counted.count === 'number');
  });

/**
 * The documents under `context.alerts` or `alerts`: a list, or one document. Kibana renders
 * `{{{context.alerts}}}` of a single alert as that alert's object (only plain objects get a JSON
 * toString, arrays do not), so a one-alert batch arrives as an object.
 */
const docsAt = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : isRecord(value) ? [value] : undefined);

/** Where the alert documents are, and how to name them in errors. */
function locateAlerts(payload: unknown): { envelope: Json; docs: unknown[]; at: string } | undefined {
  if (Array.isArray(payload)) return { envelope: {}, docs: payload, at: '' };
  if (!isRecord(payload)) return undefined;
  const context = payload.context;
  const inContext = isRecord(context) ? docsAt(context.alerts) : undefined;
  if (inContext) return { envelope: payload, docs: inContext, at: 'context.alerts' };
  if (isRecord(payload.alerts) && isSummary(payload.alerts)) {
    const docs: unknown[] = [];
    for (const group of ['new', 'ongoing']) {
      const data = (payload.alerts[group] as Json | undefined)?.data;
      if (Array.isArray(data)) docs.push(...data);
    }
    return { envelope: payload, docs, at: 'alerts.new.data' };
  }
  const inAlerts = docsAt(payload.alerts);
  if (inAlerts) return { envelope: payload, docs: inAlerts, at: 'alerts' };
  return { envelope: payload, docs: [payload], at: '(root)' };
}

function validate(payload: unknown): Validation<ElasticPayload> {
  const located = locateAlerts(payload);
  if (!located) return invalid('(root)', 'expected a JSON object or array of Elastic alerts');
  const alerts: ElasticAlert[] = [];
  for (const [index, doc] of located.docs.entries()) {
    const at = located.at === '(root)' ? '' : `${located.at}[${index}]`;
    const field = (name: string) => (at ? `${at}.${name}` : name);
    if (!isRecord(doc)) return invalid(at || '(root)', 'expected an alert document (object)');
    const sourceRef = lookupString(doc, ...idPaths);
    if (!sourceRef) return invalid(field('kibana.alert.uuid'), 'required: the alert id (kibana.alert.uuid, or _id)');
    const title = lookupString(doc, ...titlePaths) ?? lookupString(located.envelope, ...envelopeTitlePaths);
    if (!title) return invalid(field('kibana.alert.rule.name'), 'required: the rule name (kibana.alert.rule.name, or context.rule.name)');
    alerts.push({ at: at || '(root)', doc, sourceRef, title });
  }
  return { ok: true, value: { envelope: located.envelope, alerts } };
}

/** Elastic's risk score bands: 0–21 low, 22–47 medium, 48–73 high, 74–100 critical. */
export function severityFromRiskScore(score: number): Severity {
  if (score <= 21) return 1;
  if (score <= 47) return 2;
  if (score <= 73) return 3;
  return 4;
}

function severityOf(doc: Json, envelope: Json): { severity: Severity; original?: string } {
  const word =
    lookupString(doc, 'kibana.alert.severity', 'kibana.alert.rule.severity', 'signal.rule.severity') ??
    lookupString(envelope, 'context.rule.severity');
  const fromWord = severityFromWord(word);
  if (fromWord) return { severity: fromWord, original: word!.toLowerCase() };
  const score =
    lookupNumber(doc, 'kibana.alert.risk_score', 'kibana.alert.rule.risk_score', 'signal.rule.risk_score') ??
    lookupNumber(envelope, 'context.rule.risk_score');
  if (score !== undefined) return { severity: severityFromRiskScore(score), original: `risk-${score}` };
  return { severity: 2 };
}

function mitreTags(doc: Json, envelope: Json): string[] {
  const ids: string[] = [];
  for (const root of ['kibana.alert.rule.threat', 'signal.rule.threat']) {
    for (const leaf of ['tactic.id', 'technique.id', 'technique.subtechnique.id']) {
      ids.push(...lookupAll(doc, `${root}.${leaf}`).map(String));
    }
  }
  for (const leaf of ['tactic.id', 'technique.id', 'technique.subtechnique.id']) {
    ids.push(...lookupAll(envelope, `context.rule.threat.${leaf}`).map(String));
  }
  return ids.map((id) => `mitre:${id}`);
}

function translateOne(alert: ElasticAlert, envelope: Json, config: FunctionConfig, context: TranslateContext): TheHiveAction {
  const { doc } = alert;
  const { severity, original } = severityOf(doc, envelope);
  const reason = lookupString(doc, 'kibana.alert.reason', 'signal.reason');
  const ruleDescription = lookupString(doc, 'kibana.alert.rule.description', 'signal.rule.description') ?? lookupString(envelope, 'context.rule.description');
  const link = lookupString(doc, 'kibana.alert.url') ?? lookupString(envelope, 'context.results_link', 'rule.url');
  const details = markdownTable([
    ['rule', alert.title],
    ['rule id', lookupString(doc, 'kibana.alert.rule.rule_id', 'kibana.alert.rule.uuid', 'signal.rule.rule_id') ?? lookupString(envelope, 'context.rule.id', 'rule.id')],
    ['severity', lookupString(doc, 'kibana.alert.severity', 'signal.rule.severity')],
    ['risk score', lookupString(doc, 'kibana.alert.risk_score', 'signal.rule.risk_score')],
    ['host', lookupAll(doc, 'host.name')],
    ['user', lookupAll(doc, 'user.name')],
    ['process', lookupString(doc, 'process.executable', 'process.name')],
    ['workflow status', lookupString(doc, 'kibana.alert.workflow_status', 'signal.status')],
    ['alert id', alert.sourceRef],
  ]);
  const description = [reason ?? ruleDescription ?? alert.title, reason && ruleDescription ? `**Rule:** ${ruleDescription}` : undefined, details, link ? `[Open in Kibana](${link})` : undefined]
    .filter(Boolean)
    .join('\n\n');
  const date =
    toEpochMs(lookupString(doc, 'kibana.alert.original_time', '@timestamp', 'kibana.alert.start', 'signal.original_time')) ?? context.now;
  return createAlertAction(config, { type: 'elastic', source: 'Elastic Security' }, {
    sourceRef: alert.sourceRef,
    title: alert.title,
    description,
    severity,
    date,
    tags: [
      ...mitreTags(doc, envelope),
      ...lookupAll(doc, 'kibana.alert.rule.tags').map(String),
      ...lookupAll(doc, 'signal.rule.tags').map(String),
      original ? `src-sev:${original}` : undefined,
    ],
    observables: collectObservables(doc, observableMap).list(),
  });
}

export const elasticTranslator: Translator<ElasticPayload> = {
  type: 'elastic',
  validate,
  translate(payload, config, context) {
    if (payload.alerts.length === 0) return [{ kind: 'ignore', reason: 'the payload holds no Elastic alerts' }];
    return payload.alerts.map((alert) => translateOne(alert, payload.envelope, config, context));
  },
};
