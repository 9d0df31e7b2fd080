/**
 * `slack`: post to Slack, either
 *   - with an incoming-webhook `url` (one message per event; webhooks cannot edit or thread), or
 *   - with a `botToken` and a `channel` (Web API): the first event of a case/alert posts its
 *     message (chat.postMessage); later events update that message (chat.update) and/or reply
 *     in its thread, per `follow`. The message's channel and ts are remembered per case/alert,
 *     with the time of the event it shows, so an older event arriving late never overwrites it,
 *     and the event that posted it, so that event delivered again renders its post again (which
 *     is replayed, not sent) rather than an update and a thread reply.
 * Slack's Web API answers HTTP 200 with `{ ok: false, error }` on failure: `ok` decides.
 */
import type { HttpResponse } from '../ports.js';
import type { NotifierType, OutboundRequest, Outcome, RenderContext } from './types.js';
import type { SlackNotifierConfig } from './schemas/slack.js';
import type { RelayEvent } from '../events/model.js';
import { templateVariables, type TemplateVariables } from '../templates/render.js';
import { caseMessageBlocks, eventMessageBlocks, eventSummariesOf, fallbackText, summariesOf, threadNoteBlocks, type Summaries } from '../slack/blocks.js';
import { fitSlackMessage, type SlackMessage } from './slack-limits.js';
import { renderUserTemplate } from './user-template.js';
import { isRecord } from '../json.js';
import { answered, jsonAnswer, retryAfterSeconds, statusOutcome } from './answer.js';
import { rootKey } from './lifecycle.js';
import { joinUrl, urlValue } from './values.js';

/** What is remembered per case/alert: where its message is and which event it shows. */
export interface SlackMemory {
  channel: string;
  ts: string;
  /** epoch ms of the event the message shows */
  lastEventAt: number;
  /** key of the event that posted the message */
  firstEventKey?: string;
}

const isMemory = (value: unknown): value is SlackMemory =>
  isRecord(value) && typeof value.channel === 'string' && typeof value.ts === 'string';

/** The message for the main (case) post, or for a webhook post: the user's template or the default. */
function message(variables: TemplateVariables, config: SlackNotifierConfig, kind: 'case' | 'event', summaries: Summaries): SlackMessage {
  const fallback = fallbackText(summaries, kind);
  if (config.template) {
    const rendered = renderUserTemplate(config.template, variables);
    if (rendered.kind === 'text') return { text: rendered.text };
    if (Array.isArray(rendered.value)) return { text: fallback, blocks: rendered.value };
    if (isRecord(rendered.value)) return { text: fallback, ...rendered.value };
    return { text: String(rendered.value) };
  }
  const blocks = kind === 'case' ? caseMessageBlocks(variables, { interactive: config.interactive }, summaries) : eventMessageBlocks(summaries.event);
  return { text: fallback, blocks };
}

function webApi(config: SlackNotifierConfig, ctx: RenderContext, method: string, key: string, body: Record<string, unknown>, memo?: Record<string, unknown>): OutboundRequest {
  const request: OutboundRequest = {
    key,
    method: 'POST',
    url: joinUrl(config.apiUrl, method),
    headers: { authorization: `Bearer ${ctx.secret(config.botToken!)}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(fitSlackMessage(body)),
    timeoutMs: config.timeoutSeconds * 1000,
  };
  if (memo) request.memo = memo;
  return request;
}

function botRequests(event: RelayEvent, config: SlackNotifierConfig, ctx: RenderContext, variables: TemplateVariables): OutboundRequest[] {
  const memory = isMemory(ctx.memory) ? ctx.memory : undefined;
  const shown = { lastEventAt: event._createdAt };
  const summaries = summariesOf(variables);
  // SQS delivers at least once: the event that posted the message, handed out again, must not
  // update it and reply to itself (requests it never made, so they would be sent)
  const postedByThisEvent = ctx.eventKey !== undefined && memory?.firstEventKey === ctx.eventKey;
  if (!memory || postedByThisEvent) {
    const posted = ctx.eventKey === undefined ? shown : { ...shown, firstEventKey: ctx.eventKey };
    return [webApi(config, ctx, 'chat.postMessage', 'post', { unfurl_links: false, ...message(variables, config, 'case', summaries), channel: config.channel }, posted)];
  }
  const requests: OutboundRequest[] = [];
  const older = typeof memory.lastEventAt === 'number' && event._createdAt < memory.lastEventAt;
  // a v3/v4 child event carries no case: it cannot redraw the case message, only be noted in its thread
  const canRedraw = summaries.root !== undefined || config.template !== undefined;
  if (config.follow !== 'thread' && !older && canRedraw) {
    // where the message is comes from memory, whatever a template says
    requests.push(webApi(config, ctx, 'chat.update', 'update', { ...message(variables, config, 'case', summaries), channel: memory.channel, ts: memory.ts }, { ...shown, channel: memory.channel, ts: memory.ts }));
  }
  if (config.follow !== 'update' || (!canRedraw && !older)) {
    requests.push(
      webApi(config, ctx, 'chat.postMessage', 'thread', {
        channel: memory.channel,
        thread_ts: memory.ts,
        unfurl_links: false,
        text: fallbackText(summaries, 'note'),
        blocks: threadNoteBlocks(summaries.event),
      }),
    );
  }
  return requests;
}

/** Web API errors worth another try; every other `ok: false` is a config or content problem. */
const RETRYABLE_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function webApiOutcome(response: HttpResponse, request: OutboundRequest): Outcome {
  const method = request.url.split('/').pop();
  if (response.status !== 200) return statusOutcome(`Slack ${method}`, response, request);
  const answer = jsonAnswer(response);
  if (!isRecord(answer)) return { kind: 'retry', reason: answered(`Slack ${method}`, response, request) };
  if (answer.ok !== true) {
    const error = typeof answer.error === 'string' ? answer.error : 'unknown_error';
    const reason = `Slack ${method} failed: ${error}`;
    if (!RETRYABLE_ERRORS.has(error)) return { kind: 'permanent', reason };
    const afterSeconds = retryAfterSeconds(response.headers);
    return afterSeconds === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterSeconds };
  }
  if (!request.memo) return { kind: 'delivered' };
  const sent = JSON.parse(request.body ?? '{}') as { channel?: string; ts?: string };
  const remember: SlackMemory = {
    channel: typeof answer.channel === 'string' ? answer.channel : String(sent.channel),
    ts: typeof answer.ts === 'string' ? answer.ts : String(sent.ts),
    lastEventAt: Number(request.memo.lastEventAt),
  };
  if (typeof request.memo.firstEventKey === 'string') remember.firstEventKey = request.memo.firstEventKey;
  return { kind: 'delivered', remember: { ...remember } };
}

export const slackNotifier: NotifierType<SlackNotifierConfig> = {
  type: 'slack',
  memoryKey: (event, config) => (config.botToken ? rootKey(event) : undefined),
  render(event, config, ctx) {
    const variables = templateVariables(event, { thehiveUrl: ctx.thehiveUrl });
    if (config.botToken) return botRequests(event, config, ctx, variables);
    return [
      {
        key: 'webhook',
        method: 'POST',
        url: urlValue(config.url!, ctx, 'url'),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fitSlackMessage(message(variables, config, 'event', eventSummariesOf(variables)))),
        timeoutMs: config.timeoutSeconds * 1000,
      },
    ];
  },
  outcome(response, request) {
    if (request.key === 'webhook') return statusOutcome('Slack webhook', response, request);
    return webApiOutcome(response, request);
  },
};
