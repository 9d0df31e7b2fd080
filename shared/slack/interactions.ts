/**
 * `POST /slack/interactions`: verify Slack's signature over the raw body, authorise, and
 * acknowledge inside Slack's 3 seconds. Case changes are only queued here (the act worker
 * talks to TheHive); the one thing done in the request is `views.open`, because a trigger_id
 * lives about 3 seconds. Nothing here ever calls TheHive.
 */
import type { TheHiveVersion } from '../events/model.js';
import type { Clock, Log, Metrics, QueueClient } from '../ports.js';
import { caseActions, caseDialogs } from './actions.js';
import { parseCaseRef, type CaseChange, type SlackActionMessage } from './act-message.js';
import { authorise, teamRefusal, type UserGroupDirectory } from './authorise.js';
import { isStatusName, parseLevel, type LevelField } from './case-fields.js';
import type { SlackWebApi } from './client.js';
import { addTaskView, closeCaseView, decodeDialogContext, dialogBlocks, readAddTaskSubmission, readCloseSubmission, type DialogContext } from './dialogs.js';
import { actorTeamOf, parseInteractionBody, PayloadError, teamsOf, type BlockActionsPayload, type ViewSubmissionPayload } from './payload.js';
import type { SlackConfig } from './schema.js';
import { slackSignatureHeaders, verifySlackSignature, type SignatureProblem } from './signature.js';

export interface InteractionRequest {
  /** header names in any case */
  headers: Record<string, string | undefined>;
  /** exactly as received (base64-decoded when the gateway encoded it) */
  rawBody: string;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface InteractionDeps {
  allow: SlackConfig['allow'];
  thehiveVersion: TheHiveVersion;
  signingSecret: string;
  slack: SlackWebApi;
  groups: UserGroupDirectory;
  queue: QueueClient;
  actionsQueueUrl: string;
  clock: Clock;
  log: Log;
  /** counts each refused request as SlackInteractionRejected{reason} */
  metrics: Metrics;
  /**
   * Whether the message is one the relay posted for this case (the notifier's case → message
   * record). When absent, any well-formed case reference is accepted.
   */
  knownCase?(caseId: string, channel: string | undefined, messageTs: string | undefined): Promise<boolean>;
}

const jsonReply = (status: number, body: unknown): HttpReply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const emptyAck = (): HttpReply => ({ status: 200, headers: {}, body: '' });

function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

const levelActions: Record<string, LevelField> = {
  [caseActions.severity]: 'severity',
  [caseActions.tlp]: 'tlp',
  [caseActions.pap]: 'pap',
};
const knownActionIds = new Set<string>(Object.values(caseActions));

/** Why a request was refused before reaching the relay's logic: the SlackInteractionRejected dimension. */
export type InteractionRejection = 'signature' | 'stale' | 'payload' | 'team';

// a replayed old request is told apart from a forged or unsigned one
const rejectionOf = (problem: SignatureProblem): InteractionRejection =>
  problem === 'stale_timestamp' || problem === 'future_timestamp' ? 'stale' : 'signature';

function reject(deps: InteractionDeps, reason: InteractionRejection, status: number, body: unknown): HttpReply {
  deps.metrics.count('SlackInteractionRejected', 1, { reason });
  return jsonReply(status, body);
}

export async function handleSlackInteraction(request: InteractionRequest, deps: InteractionDeps): Promise<HttpReply> {
  const ackBy = deps.clock.now() + ACK_BUDGET_MS;
  const headers = lowerCaseHeaders(request.headers);
  const check = verifySlackSignature({
    signingSecret: deps.signingSecret,
    signature: headers[slackSignatureHeaders.signature],
    timestamp: headers[slackSignatureHeaders.timestamp],
    rawBody: request.rawBody,
    now: deps.clock.now(),
  });
  if (!check.ok) {
    deps.log.warn('slack interaction refused: signature', { problem: check.problem });
    const field = check.problem === 'missing_signature' || check.problem === 'bad_signature' ? slackSignatureHeaders.signature : slackSignatureHeaders.timestamp;
    return reject(deps, rejectionOf(check.problem), 401, { error: check.message, field });
  }

  let parsed;
  try {
    parsed = parseInteractionBody(request.rawBody);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return reject(deps, 'payload', 400, { error: error.message, field: error.field });
  }

  const teams = parsed.type === 'other' ? parsed : teamsOf(parsed.payload);
  const refused = teamRefusal(deps.allow, teams);
  if (refused) {
    // A foreign workspace, or a partner organisation's user in a Slack Connect channel: refuse at the HTTP level.
    deps.log.warn('slack interaction refused: workspace', { slackTeam: actorTeamOf(teams), slackAppTeam: teams.teamId, field: refused.field });
    return reject(deps, 'team', 403, { error: `Slack workspace ${refused.teamId ?? '(none)'} is not allowed to act on TheHive cases`, field: refused.field });
  }

  if (parsed.type === 'block_actions') return onBlockActions(parsed.payload, { ...deps, ackBy });
  if (parsed.type === 'view_submission') return onViewSubmission(parsed.payload, deps);
  return emptyAck();
}

/** Slack wants its answer within 3 seconds; the relay keeps some of that for the trip back. */
const ACK_BUDGET_MS = 2500;
/** The most a last-resort response_url post may take (best effort). */
const RESPOND_TIMEOUT_MS = 1000;
/** Below this, a response_url post is not worth starting. */
const RESPOND_MIN_MS = 100;

/** The deps of one request, with when its answer is due. */
type RequestDeps = InteractionDeps & { ackBy: number };

/**
 * Tell the user privately: chat.postEphemeral in the message's channel (where the bot is, since
 * it posted the message), else, as a last resort, a post to the payload's response_url, within
 * what is left of Slack's 3 seconds. Slack ignores the body of a block_actions answer, so
 * the answer is always an empty 200; a failed post is logged, never turned into a Slack error.
 */
async function tellUser(deps: RequestDeps, payload: BlockActionsPayload, text: string): Promise<HttpReply> {
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  if (channel) {
    try {
      await deps.slack.chatPostEphemeral({ channel, user: payload.user.id, text });
      return emptyAck();
    } catch (error) {
      deps.log.warn('slack ephemeral message failed', { error: (error as Error).message });
    }
  }
  const timeoutMs = Math.min(RESPOND_TIMEOUT_MS, deps.ackBy - deps.clock.now());
  if (payload.response_url && timeoutMs >= RESPOND_MIN_MS) {
    try {
      await deps.slack.respond(payload.response_url, { text }, timeoutMs);
    } catch (error) {
      deps.log.warn('slack response_url message failed', { error: (error as Error).message });
    }
  }
  return emptyAck();
}

function levelChange(field: LevelField, value: number): CaseChange {
  return { kind: field, value } as CaseChange;
}

async function enqueue(deps: InteractionDeps, message: SlackActionMessage): Promise<boolean> {
  try {
    await deps.queue.sendBatch(deps.actionsQueueUrl, [{ id: 'action', body: JSON.stringify(message) }]);
    deps.log.info('slack action queued', {
      slackTeam: message.actor.teamId,
      slackUser: message.actor.userId,
      slackUserName: message.actor.userName,
      caseId: message.caseId,
      change: message.change,
    });
    return true;
  } catch (error) {
    deps.log.error('slack action could not be queued', { caseId: message.caseId, error: (error as Error).message });
    return false;
  }
}

async function onBlockActions(payload: BlockActionsPayload, deps: RequestDeps): Promise<HttpReply> {
  const action = payload.actions[0];
  const teams = teamsOf(payload);
  // both checked by teamRefusal: the app's workspace, and the user's own for the audit trail
  const teamId = teams.teamId as string;
  const actorTeam = actorTeamOf(teams) as string;
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const messageTs = payload.container?.message_ts ?? payload.message?.ts;

  if (!knownActionIds.has(action.action_id)) {
    deps.log.warn('slack interaction: unknown action', { actionId: action.action_id, slackUser: payload.user.id });
    return tellUser(deps, payload, `Unknown action \`${action.action_id.slice(0, 80)}\`: nothing was changed.`);
  }
  // The link button opens TheHive in the browser; Slack still reports the click.
  if (action.action_id === caseActions.openInTheHive) return emptyAck();

  const caseId = parseCaseRef(action.value) ?? parseCaseRef(action.block_id);
  if (!caseId) return tellUser(deps, payload, 'This message names no TheHive case: nothing was changed.');

  const allowed = await authorise(deps.allow, { teamId, userId: payload.user.id, channelId: channel }, deps.groups);
  if (!allowed.ok) {
    deps.log.warn('slack interaction refused', { reason: allowed.reason, slackUser: payload.user.id, channel });
    return tellUser(deps, payload, allowed.message);
  }
  if (deps.knownCase && !(await deps.knownCase(caseId, channel, messageTs))) {
    return tellUser(deps, payload, `Case \`${caseId}\` is not known to the relay for this message: nothing was changed.`);
  }

  const context: DialogContext = { caseId, channel, messageTs, caseTitle: firstLine(payload) };
  if (action.action_id === caseActions.addTask || action.action_id === caseActions.close) {
    const view = action.action_id === caseActions.addTask ? addTaskView(context) : closeCaseView(context, deps.thehiveVersion);
    try {
      await deps.slack.viewsOpen(payload.trigger_id, view);
    } catch (error) {
      deps.log.warn('slack views.open failed', { error: (error as Error).message });
      return tellUser(deps, payload, 'Could not open the dialog; please try again.');
    }
    return emptyAck();
  }

  let change: CaseChange;
  if (action.action_id === caseActions.assignToMe) change = { kind: 'assignToMe' };
  else {
    const selected = action.selected_option?.value ?? action.value;
    if (selected === undefined || selected === null || parseCaseRef(selected)) return emptyAck(); // a cleared select: nothing to do
    const field = levelActions[action.action_id];
    if (field) {
      const value = parseLevel(field, selected, deps.thehiveVersion);
      if (value === undefined) return tellUser(deps, payload, `\`${selected.slice(0, 40)}\` is not a ${field} value: nothing was changed.`);
      change = levelChange(field, value);
    } else {
      if (!isStatusName(selected)) return tellUser(deps, payload, `\`${selected.slice(0, 40)}\` is not a case status: nothing was changed.`);
      change = { kind: 'status', value: selected };
    }
  }

  const queued = await enqueue(deps, {
    v: 1,
    id: `${teamId}:${payload.trigger_id}`,
    caseId,
    change,
    actor: { teamId: actorTeam, userId: payload.user.id, ...(payload.user.username ? { userName: payload.user.username } : {}) },
    ...(channel ? { channel } : {}),
    ...(messageTs ? { messageTs } : {}),
    requestedAt: deps.clock.now(),
  });
  if (!queued) return tellUser(deps, payload, 'The relay could not take the action right now; please try again.');
  return emptyAck();
}

function firstLine(payload: BlockActionsPayload): string | undefined {
  const text = (payload.message as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' && text.trim() ? text.trim().split('\n')[0].slice(0, 150) : undefined;
}

/** Replaces the dialog with a short notice (a submission has no channel to post an ephemeral to). */
function noticeView(text: string) {
  return {
    response_action: 'update',
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: 'TheHive' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    },
  };
}

async function onViewSubmission(payload: ViewSubmissionPayload, deps: InteractionDeps): Promise<HttpReply> {
  const teams = teamsOf(payload);
  const teamId = teams.teamId as string;
  const actorTeam = actorTeamOf(teams) as string;
  const { callback_id: callbackId } = payload.view;
  if (callbackId !== caseDialogs.addTask && callbackId !== caseDialogs.close) {
    deps.log.warn('slack interaction: unknown dialog', { callbackId, slackUser: payload.user.id });
    return jsonReply(200, noticeView('This dialog is not one the relay knows: nothing was changed.'));
  }
  const context = decodeDialogContext(payload.view.private_metadata);
  const caseId = context ? parseCaseRef(`case:${context.caseId}`) : undefined;
  if (!context || !caseId) return jsonReply(200, noticeView('This dialog names no TheHive case: nothing was changed.'));

  const allowed = await authorise(deps.allow, { teamId, userId: payload.user.id, channelId: context.channel }, deps.groups);
  if (!allowed.ok) {
    deps.log.warn('slack interaction refused', { reason: allowed.reason, slackUser: payload.user.id, channel: context.channel });
    return jsonReply(200, noticeView(allowed.message));
  }
  if (deps.knownCase && !(await deps.knownCase(caseId, context.channel, context.messageTs))) {
    return jsonReply(200, noticeView(`Case \`${caseId}\` is not known to the relay: nothing was changed.`));
  }

  const read = callbackId === caseDialogs.addTask ? readAddTaskSubmission(payload.view.state.values, deps.clock.now()) : readCloseSubmission(payload.view.state.values);
  if (!read.ok) return jsonReply(200, { response_action: 'errors', errors: read.errors });

  const queued = await enqueue(deps, {
    v: 1,
    id: `${teamId}:view:${payload.view.id}`,
    caseId,
    change: read.change,
    actor: { teamId: actorTeam, userId: payload.user.id, ...(payload.user.username ? { userName: payload.user.username } : {}) },
    ...(context.channel ? { channel: context.channel } : {}),
    ...(context.messageTs ? { messageTs: context.messageTs } : {}),
    requestedAt: deps.clock.now(),
  });
  if (!queued) {
    // keep the dialog (and what the user typed) open so they can submit again
    const block = callbackId === caseDialogs.addTask ? dialogBlocks.title : dialogBlocks.summary;
    return jsonReply(200, { response_action: 'errors', errors: { [block]: 'The relay could not take this right now; please submit again.' } });
  }
  return jsonReply(200, { response_action: 'clear' });
}
