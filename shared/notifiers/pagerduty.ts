/**
 * `pagerduty`: Events API v2. One PagerDuty alert per TheHive case (or alert), keyed by
 * `dedup_key = thehive:<id>`: `trigger` when it opens (or re-opens), `acknowledge` when it is
 * in progress (with `acknowledge: true`), `resolve` when it is closed, imported or deleted.
 * The last state sent and the time of its event are remembered per case, so repeated events
 * send nothing new and a late, older event never re-opens a resolved incident.
 * 202 is delivered; 400 permanent (PagerDuty's errors kept in the reason); 429 and 5xx retried.
 */
import type { NotifierType, OutboundRequest } from './types.js';
import type { PagerDutyNotifierConfig } from './schemas/pagerduty.js';
import { renderTemplate, type TemplateVariables } from '../templates/render.js';
import type { RelayEvent } from '../events/model.js';
import { summariseWithRoot } from './defaults/summary.js';
import { rootKey, type RootState } from './lifecycle.js';
import { onCallMemo, onCallOutcome, onCallSteps } from './oncall.js';
import { limits, truncate } from './limits.js';
import { isoTime } from './utc-time.js';

/** TheHive severity → PagerDuty severity (1 LOW → info … 4 CRITICAL → critical). */
export const pagerDutySeverity = (severity: number | undefined): 'info' | 'warning' | 'error' | 'critical' =>
  severity === 1 ? 'info' : severity === 3 ? 'error' : severity === 4 ? 'critical' : 'warning';

const actions: Record<RootState, 'trigger' | 'acknowledge' | 'resolve'> = { open: 'trigger', 'in-progress': 'acknowledge', closed: 'resolve' };

// TheHive's host name per configured URL (one or two per process), not parsed per event
const hostNames = new Map<string, string>();

function sourceOf(config: PagerDutyNotifierConfig, thehiveUrl: string | undefined): string {
  if (config.source) return config.source;
  if (!thehiveUrl) return 'thehive';
  let host = hostNames.get(thehiveUrl);
  if (host === undefined) {
    try {
      host = new URL(thehiveUrl).hostname;
    } catch {
      host = 'thehive';
    }
    if (hostNames.size >= 100) hostNames.clear();
    hostNames.set(thehiveUrl, host);
  }
  return host;
}

/** What a trigger carries beside the envelope: the payload, the link, the client. */
function triggerFields(event: RelayEvent, config: PagerDutyNotifierConfig, thehiveUrl: string | undefined, variables: TemplateVariables): Record<string, unknown> {
  const summaries = summariseWithRoot(event, { link: variables.url });
  const root = summaries.root ?? summaries.event;
  const last = summaries.event;
  const severity = root.facts.find((fact) => fact.label === 'Severity')?.value;
  const summary = config.template ? renderTemplate(config.template, variables, { escape: 'none' }) : `${root.label}${severity ? ` (${severity})` : ''}`;
  const details: Record<string, unknown> = Object.fromEntries(root.facts.map((fact) => [fact.label.toLowerCase(), fact.value]));
  if (root.tags.length) details.tags = root.tags.join(', ');
  if (root.text) details.description = truncate(root.text, limits.pagerduty.detailText);
  details.event = `${last.headline}${last.actor ? ` by ${last.actor}` : ''}`;
  if (variables.url) details.link = variables.url;
  const fields: Record<string, unknown> = {
    payload: {
      summary: truncate(summary.replace(/\s+/g, ' ').trim() || root.label, limits.pagerduty.summary),
      source: sourceOf(config, thehiveUrl),
      severity: pagerDutySeverity(root.severity),
      timestamp: isoTime(event._createdAt),
      class: root.objectType,
      ...(config.component ? { component: config.component } : {}),
      ...(config.group ? { group: config.group } : variables.organisation ? { group: variables.organisation } : {}),
      custom_details: details,
    },
    client: 'TheHive',
  };
  if (variables.url) {
    fields.client_url = variables.url;
    fields.links = [{ href: variables.url, text: `Open ${root.label} in TheHive` }];
  }
  return fields;
}

export const pagerDutyNotifier: NotifierType<PagerDutyNotifierConfig> = {
  type: 'pagerduty',
  memoryKey: (event) => rootKey(event),
  render(event, config, ctx) {
    const onCall = onCallSteps(event, ctx, { acknowledge: config.acknowledge });
    if (!onCall) return [];
    const { steps, variables } = onCall;
    const envelope = {
      routing_key: ctx.secret(config.routingKey),
      dedup_key: truncate(`thehive:${rootKey(event)}`, limits.pagerduty.dedupKey, ''),
    };
    return steps.map((state): OutboundRequest => {
      const action = actions[state];
      const body = { routing_key: envelope.routing_key, event_action: action, dedup_key: envelope.dedup_key, ...(action === 'trigger' ? triggerFields(event, config, ctx.thehiveUrl, variables) : {}) };
      return {
        key: action,
        method: 'POST',
        url: config.url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        timeoutMs: config.timeoutSeconds * 1000,
        memo: onCallMemo(state, event),
      };
    });
  },
  outcome(response, request) {
    return onCallOutcome('PagerDuty', response, request);
  },
};
