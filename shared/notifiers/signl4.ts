/**
 * `signl4`: the team webhook (`https://connect.signl4.com/webhook/<teamSecret>`: the URL is
 * the credential). One SIGNL4 alert per TheHive case (or alert), correlated by
 * `X-S4-ExternalID` = its id: `X-S4-Status: new` when it opens (or re-opens), `acknowledged`
 * when it is in progress (with `acknowledge: true`), `resolved` when it is closed, imported or
 * deleted, so the on-call alert closes itself. The last status sent and the time of its event
 * are remembered per case: repeated events send nothing new, a late older event never re-opens.
 */
import type { NotifierType, OutboundRequest } from './types.js';
import type { Signl4NotifierConfig } from './schemas/signl4.js';
import { renderTemplate } from '../templates/render.js';
import { summariseWithRoot } from './defaults/summary.js';
import { rootKey, type RootState } from './lifecycle.js';
import { onCallMemo, onCallOutcome, onCallSteps } from './oncall.js';
import { limits, truncate } from './limits.js';
import { urlValue } from './values.js';
import { isoTime } from './utc-time.js';

const statuses: Record<RootState, 'new' | 'acknowledged' | 'resolved'> = { open: 'new', 'in-progress': 'acknowledged', closed: 'resolved' };

export const signl4Notifier: NotifierType<Signl4NotifierConfig> = {
  type: 'signl4',
  memoryKey: (event) => rootKey(event),
  render(event, config, ctx) {
    const onCall = onCallSteps(event, ctx, { acknowledge: config.acknowledge });
    if (!onCall) return [];
    const { steps, variables } = onCall;
    const summaries = summariseWithRoot(event, { link: variables.url });
    const root = summaries.root ?? summaries.event;
    const last = summaries.event;
    const message = config.template
      ? renderTemplate(config.template, variables, { escape: 'none' })
      : [`${last.headline}${last.actor ? ` by ${last.actor}` : ''}`, root.text].filter(Boolean).join('\n\n');
    const url = urlValue(config.url, ctx, 'url');
    return steps.map((state): OutboundRequest => ({
      key: statuses[state],
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Title: truncate(root.label, limits.signl4.title),
        Message: truncate(message, limits.signl4.message),
        'X-S4-ExternalID': rootKey(event),
        'X-S4-Status': statuses[state],
        'X-S4-SourceSystem': 'TheHive',
        ...(config.service ? { 'X-S4-Service': config.service } : {}),
        ...(config.alertingScenario ? { 'X-S4-AlertingScenario': config.alertingScenario } : {}),
        ...Object.fromEntries(root.facts.map((fact) => [fact.label, fact.value])),
        ...(root.tags.length ? { Tags: root.tags.join(', ') } : {}),
        ...(variables.url ? { Link: variables.url } : {}),
        Updated: isoTime(event._createdAt),
      }),
      timeoutMs: config.timeoutSeconds * 1000,
      memo: onCallMemo(state, event),
    }));
  },
  outcome(response, request) {
    return onCallOutcome('SIGNL4', response, request);
  },
};
