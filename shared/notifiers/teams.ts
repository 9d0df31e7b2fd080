/**
 * `teams`: post an Adaptive Card to a Teams Workflows (Power Automate) webhook ("When a Teams
 * webhook request is received" + "Post card in a chat or channel"), in the envelope that flow
 * expects. Office 365 connectors are retired; their old URLs get the same envelope. The URL
 * carries its signature (`sig=`): give it as a secret. The card is kept under the size limit.
 * Workflows answer 202 (accepted, asynchronous); legacy connectors answered 200 `1`, or 200
 * with an error text in the body, which is read as a failure.
 */
import type { NotifierType } from './types.js';
import type { TeamsNotifierConfig } from './schemas/teams.js';
import { templateVariables } from '../templates/render.js';
import { renderUserTemplate } from './user-template.js';
import { defaultCard, envelopeOf, teamsPayloadJson, textCard, workflowsEnvelope } from './teams-card.js';
import { statusOutcome, targetAnswer } from './answer.js';
import { urlValue } from './values.js';

export const teamsNotifier: NotifierType<TeamsNotifierConfig> = {
  type: 'teams',
  render(event, config, ctx) {
    const variables = templateVariables(event, { thehiveUrl: ctx.thehiveUrl });
    let envelope: Record<string, unknown>;
    if (config.template) {
      const rendered = renderUserTemplate(config.template, variables);
      envelope = rendered.kind === 'text' ? workflowsEnvelope([textCard(rendered.text)]) : envelopeOf(rendered.value);
    } else {
      envelope = workflowsEnvelope([defaultCard(variables)]);
    }
    return [
      {
        key: 'post',
        method: 'POST',
        url: urlValue(config.url, ctx, 'url'),
        headers: { 'content-type': 'application/json' },
        body: teamsPayloadJson(envelope),
        timeoutMs: config.timeoutSeconds * 1000,
      },
    ];
  },
  outcome(response, request) {
    const body = response.body.trim();
    // a legacy connector reports some failures inside a 200 ("… returned HTTP error 429 …")
    if (response.status === 200 && body !== '' && body !== '1' && /error/i.test(body)) {
      const reason = `Teams answered 200 with an error: ${targetAnswer(response, request)}`;
      return /\b429\b|throttl/i.test(body) ? { kind: 'retry', reason } : { kind: 'permanent', reason };
    }
    return statusOutcome('Teams', response, request);
  },
};
