/**
 * `sekoia`: Sekoia.io's notification webhook. The notification carries identifiers only, so
 * the alert itself is fetched from Sekoia's alert API (GET {sekoia.url}/v1/sic/alerts/{uuid})
 * by the translate use case and handed over as `context.enrichment`.
 * Only `type: alert, action: created` makes a TheHive alert; other notifications are ignored.
 */
import type { Severity } from '../../thehive/types.js';
import type { FunctionConfig } from '../schema.js';
import { TranslationError, type TheHiveAction, type Translator, type Validation } from '../translator.js';
import { createAlertAction } from './alert-action.js';
import {
  invalid,
  lookupNumber,
  lookupString,
  markdownTable,
  ObservableSet,
  severityFromScore,
  toEpochMs,
  type Json,
} from './common.js';
import { isRecord } from '../../json.js';

export interface SekoiaNotification {
  type: string;
  action: string;
  attributes: Json & { uuid?: string; short_id?: string };
  metadata: Json;
}

function validate(payload: unknown): Validation<SekoiaNotification> {
  if (!isRecord(payload)) return invalid('(root)', 'expected a Sekoia.io notification (JSON object)');
  if (typeof payload.type !== 'string' || !payload.type) return invalid('type', 'required: the notification type (e.g. "alert")');
  if (typeof payload.action !== 'string' || !payload.action) return invalid('action', 'required: "created", "updated" or "deleted"');
  if (!isRecord(payload.attributes)) return invalid('attributes', 'required: an object');
  if (!isRecord(payload.metadata)) return invalid('metadata', 'required: an object');
  if (payload.type === 'alert') {
    const uuid = payload.attributes.uuid;
    if (typeof uuid !== 'string' || !/^[0-9a-fA-F-]{8,64}$/.test(uuid)) return invalid('attributes.uuid', 'required: the alert UUID');
  }
  return { ok: true, value: payload as unknown as SekoiaNotification };
}

const wantsAlert = (n: SekoiaNotification) => n.type === 'alert' && n.action === 'created';

/** urgency.current_value (which follows dynamic changes), else urgency.value, on 0–100, in quarters. */
export function severityFromUrgency(urgency: unknown): { severity: Severity; value?: number } {
  const value = typeof urgency === 'number' ? urgency : lookupNumber(urgency, 'current_value', 'value');
  return value === undefined ? { severity: 2 } : { severity: severityFromScore(value), value };
}

/** The alert's page in Sekoia's app, when the API is Sekoia's public one. */
function appLink(config: FunctionConfig, shortId: string | undefined): string | undefined {
  if (!shortId) return undefined;
  const host = new URL(config.sekoia?.url ?? 'https://api.sekoia.io').hostname;
  return host === 'api.sekoia.io' || host === 'app.sekoia.io' ? `https://app.sekoia.io/operations/alerts/${encodeURIComponent(shortId)}` : undefined;
}

function stixObservables(alert: Json, into: ObservableSet): void {
  const stix = alert.stix;
  const objects = isRecord(stix) && Array.isArray(stix.objects) ? stix.objects : [];
  for (const object of objects) {
    if (!isRecord(object)) continue;
    const message = `STIX ${String(object.type)}`;
    switch (object.type) {
      case 'ipv4-addr':
      case 'ipv6-addr':
        into.add('ip', object.value, message);
        break;
      case 'domain-name':
        into.add('domain', object.value, message);
        break;
      case 'url':
        into.add('url', object.value, message);
        break;
      case 'email-addr':
        into.add('mail', object.value, message);
        break;
      case 'user-account':
        into.add('other', object.account_login ?? object.user_id, message, ['user']);
        break;
      case 'file':
        if (isRecord(object.hashes)) into.add('hash', Object.values(object.hashes), message);
        into.add('filename', object.name, message);
        break;
      default:
        break;
    }
  }
}

function translateAlert(notification: SekoiaNotification, alert: Json, config: FunctionConfig, now: number): TheHiveAction {
  const uuid = lookupString(alert, 'uuid');
  if (!uuid) throw new TranslationError('the alert API answer has no uuid', 'enrichment.uuid');
  if (uuid !== notification.attributes.uuid) {
    throw new TranslationError(`the alert API answered for ${uuid}, not ${notification.attributes.uuid}`, 'enrichment.uuid');
  }
  const shortId = lookupString(alert, 'short_id') ?? notification.attributes.short_id;
  const ruleName = lookupString(alert, 'rule.name');
  const title = lookupString(alert, 'title') ?? ruleName ?? `Sekoia.io alert ${shortId ?? uuid}`;
  const { severity, value } = severityFromUrgency(alert.urgency);
  const category = lookupString(alert, 'alert_type.category');
  const typeValue = lookupString(alert, 'alert_type.value');
  const entity = lookupString(alert, 'entity.name');
  const link = appLink(config, shortId);
  const details = markdownTable([
    ['alert', shortId],
    ['urgency', value === undefined ? undefined : `${value}${lookupString(alert, 'urgency.display') ? ` (${lookupString(alert, 'urgency.display')})` : ''}`],
    ['status', lookupString(alert, 'status.name')],
    ['rule', ruleName],
    ['alert type', category && typeValue ? `${category} / ${typeValue}` : (category ?? typeValue)],
    ['entity', entity],
    ['source', lookupString(alert, 'source')],
    ['target', lookupString(alert, 'target')],
    ['kill chain', lookupString(alert, 'kill_chain_short_id')],
  ]);
  const observables = new ObservableSet()
    .addHost(alert.source, 'Sekoia alert source')
    .addHost(alert.target, 'Sekoia alert target');
  stixObservables(alert, observables);
  return createAlertAction(config, { type: 'sekoia', source: 'Sekoia.io' }, {
    sourceRef: uuid,
    title,
    description: [lookupString(alert, 'details') ?? lookupString(alert, 'rule.description') ?? title, details, link ? `[Open in Sekoia.io](${link})` : undefined]
      .filter(Boolean)
      .join('\n\n'),
    severity,
    date: toEpochMs(alert.created_at) ?? toEpochMs(notification.metadata.created_at) ?? now,
    tags: [
      shortId ? `sekoia:${shortId}` : undefined,
      category && typeValue ? `${category}:${typeValue}` : category,
      entity ? `entity:${entity}` : undefined,
      value === undefined ? undefined : `src-sev:urgency-${value}`,
    ],
    observables: observables.list(),
  });
}

export const sekoiaTranslator: Translator<SekoiaNotification> = {
  type: 'sekoia',
  validate,
  enrichment(notification, config) {
    if (!wantsAlert(notification) || !config.sekoia) return undefined;
    const uuid = encodeURIComponent(String(notification.attributes.uuid));
    return {
      what: `Sekoia alert ${notification.attributes.short_id ?? notification.attributes.uuid}`,
      url: `${config.sekoia.url.replace(/\/+$/, '')}/v1/sic/alerts/${uuid}?stix=true`,
      bearer: config.sekoia.apiKey,
    };
  },
  translate(notification, config, context) {
    if (!wantsAlert(notification)) {
      return [{ kind: 'ignore', reason: `Sekoia.io notification "${notification.type}" / "${notification.action}" creates no alert` }];
    }
    if (!isRecord(context.enrichment)) {
      throw new TranslationError('needs the alert from Sekoia.io\'s alert API (configure sekoia.apiKey)', 'enrichment');
    }
    return [translateAlert(notification, context.enrichment, config, context.now)];
  },
};
