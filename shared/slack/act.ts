/**
 * The act worker's use case: apply one queued Slack action to TheHive, then make the Slack
 * message show the case as it is now (chat.update, re-fetched from TheHive) and say in its
 * thread who did what.
 *
 * Outcomes: TheHive refusing the change (4xx) → the user is told why (ephemeral), the message
 * stays as it was, no retry. TheHive or Slack unavailable → `retry` (the queue redelivers; the
 * batch step parks it in the DLQ with the reason after slack.maxReceiveCount receives).
 * Steps already done are remembered in the state table, so a redelivery never applies a
 * change (or creates a task) twice.
 */
import type { TheHiveVersion } from '../events/model.js';
import { HttpTransportError, type Clock, type Log, type StateStore } from '../ports.js';
import { TheHiveError } from '../thehive/errors.js';
import type { InputCreateTask, InputUpdateCase, TheHiveCase, TheHiveObject, TheHiveUser } from '../thehive/types.js';
import type { CaseChange, SlackActionMessage } from './act-message.js';
import { impactLabels, levelLabel, resolutionLabels } from './case-fields.js';
import { SlackApiError, type SlackWebApi } from './client.js';
import { retryWrite } from '../delivery/retry-write.js';

/** The TheHive calls the worker makes (TheHiveClient satisfies it). */
export interface CaseApi {
  getCase(idOrNumber: string): Promise<TheHiveCase>;
  updateCase(idOrNumber: string, changes: InputUpdateCase): Promise<void>;
  createTask(caseId: string, task: InputCreateTask): Promise<TheHiveObject>;
  findUserByEmail(email: string): Promise<TheHiveUser | undefined>;
}

export interface ActDeps {
  thehive: CaseApi;
  slack: SlackWebApi;
  version: TheHiveVersion;
  /** the case message as the notifier renders it, interactive (see case-message.ts) */
  renderCase(theCase: TheHiveCase, change: { actor: string; details: Record<string, unknown>; at: number }): { text: string; blocks: unknown[] };
  clock: Clock;
  log: Log;
  /** remembers finished steps per action (optional: without it a redelivery repeats them) */
  state?: StateStore;
  /** how long the step record is kept; default 7 days */
  rememberSeconds?: number;
}

export type ActOutcome =
  | { kind: 'done'; note: string }
  /** TheHive (or the user's data) refused: the user was told; not retried */
  | { kind: 'refused'; reason: string }
  | { kind: 'retry'; reason: string; status?: number; afterSeconds?: number }
  /** cannot succeed without an operator (configuration, scopes): park in the DLQ */
  | { kind: 'permanent'; reason: string; status?: number };

interface Steps {
  thehive?: boolean;
  updated?: boolean;
  noted?: boolean;
  note?: string;
  warning?: string;
  /** what was sent to TheHive, shown as the message's last change */
  change?: Record<string, unknown>;
}

class Refusal extends Error {}

const stepKey = (message: SlackActionMessage) => ({ pk: `SLACKACT#${message.id}`, sk: 'STEPS' });


/** Whether an error means "try again later". */
function transient(error: unknown): { reason: string; status?: number; afterSeconds?: number } | undefined {
  if (error instanceof TheHiveError && error.kind === 'transient') return { reason: error.message, status: error.status };
  if (error instanceof SlackApiError && error.transient) {
    return { reason: error.message, status: error.status, afterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof HttpTransportError) return { reason: `${error.kind}: ${error.message}` };
  return undefined;
}

export async function performSlackAction(message: SlackActionMessage, deps: ActDeps): Promise<ActOutcome> {
  const key = stepKey(message);
  const steps: Steps = ((await deps.state?.get(key.pk, key.sk)) as Steps | undefined) ?? {};
  const audit = {
    slackTeam: message.actor.teamId,
    slackUser: message.actor.userId,
    slackUserName: message.actor.userName,
    caseId: message.caseId,
    action: message.change.kind,
  };
  // Called right after a side effect went through: a failure to save must not make the action
  // retry (that would repeat the side effect), so it is retried a few times, then only logged.
  const remember = async (set: Steps) => {
    Object.assign(steps, set);
    if (!deps.state) return;
    const update = { set: { ...set, expiresAt: Math.floor(deps.clock.now() / 1000) + (deps.rememberSeconds ?? 7 * 86_400) } };
    const save = () => deps.state!.update(key.pk, key.sk, update);
    const failed = await save().then(() => undefined, () => retryWrite(save));
    if (failed !== undefined) {
      deps.log.warn('slack action step could not be remembered; a redelivery may repeat it', { ...audit, step: Object.keys(set)[0], reason: (failed as Error).message });
    }
  };

  try {
    if (!steps.thehive) {
      const applied = await applyChange(message, deps);
      deps.log.info('slack action applied to TheHive', { ...audit, thehiveChange: applied.change });
      await remember({ thehive: true, note: applied.note, change: { ...applied.change }, ...(applied.warning ? { warning: applied.warning } : {}) });
      if (applied.warning) await tell(deps, message, applied.warning);
    }
    if (message.channel && message.messageTs) {
      if (!steps.updated) {
        const now = await deps.thehive.getCase(message.caseId);
        const actor = `${message.actor.userName ?? message.actor.userId} (Slack)`;
        const rendered = deps.renderCase(now, { actor, details: steps.change ?? {}, at: deps.clock.now() });
        await deps.slack.chatUpdate({ channel: message.channel, ts: message.messageTs, text: rendered.text, blocks: rendered.blocks });
        await remember({ updated: true });
      }
      if (!steps.noted) {
        await deps.slack.chatPostMessage({ channel: message.channel, threadTs: message.messageTs, text: `<@${message.actor.userId}> ${steps.note}` });
        await remember({ noted: true });
      }
    }
    return { kind: 'done', note: steps.note ?? '' };
  } catch (error) {
    if (error instanceof Refusal) {
      deps.log.warn('slack action refused', { ...audit, reason: error.message });
      await tell(deps, message, error.message);
      return { kind: 'refused', reason: error.message };
    }
    const retry = transient(error);
    if (retry) {
      deps.log.warn('slack action will be retried', { ...audit, reason: retry.reason });
      return { kind: 'retry', ...retry };
    }
    if (error instanceof TheHiveError) {
      // 4xx: TheHive judged the change; the user learns why, the message is left as it was.
      const why = `TheHive refused: ${error.message}`;
      deps.log.warn('slack action refused by TheHive', { ...audit, status: error.status, reason: error.message });
      await tell(deps, message, `${why}. Nothing was changed.`);
      if (error.kind === 'configuration') return { kind: 'permanent', reason: error.message, status: error.status };
      return { kind: 'refused', reason: why };
    }
    if (error instanceof SlackApiError) {
      if (steps.thehive) {
        // The case changed; only the Slack echo failed for good (message deleted, bot removed…).
        deps.log.warn('slack message could not be updated', { ...audit, reason: error.message });
        return { kind: 'done', note: steps.note ?? '' };
      }
      deps.log.error('slack action failed', { ...audit, reason: error.message });
      return { kind: 'permanent', reason: error.message, status: error.status };
    }
    throw error;
  }
}

/** An ephemeral note to the acting user; failing to post it changes nothing. */
async function tell(deps: ActDeps, message: SlackActionMessage, text: string): Promise<void> {
  if (!message.channel) return;
  try {
    await deps.slack.chatPostEphemeral({ channel: message.channel, user: message.actor.userId, text, threadTs: undefined });
  } catch (error) {
    deps.log.warn('slack ephemeral message failed', { reason: (error as Error).message });
  }
}

interface Applied {
  /** what was sent to TheHive (for the audit log) */
  change: InputUpdateCase | InputCreateTask;
  /** thread note, after the user mention */
  note: string;
  /** told to the user privately when the change went through with a caveat */
  warning?: string;
}

/** Slack user → TheHive user by email, or by a login that is the email; Refusal with a clear message when there is no match. */
async function theHiveLoginOf(slackUser: string, deps: ActDeps, whose: string): Promise<TheHiveUser> {
  const user = await deps.slack.usersInfo(slackUser);
  if (!user.email) {
    throw new Refusal(`${whose} Slack profile shows no email address to the relay, so no TheHive user can be matched.`);
  }
  const found = await deps.thehive.findUserByEmail(user.email);
  if (!found) throw new Refusal(`No TheHive user has the email or login ${user.email}.`);
  return found;
}

/** TheHive 3/4 have one open status, Open: the v5 open stages (New, In progress) mean it there. */
function statusOrLevel(change: Extract<CaseChange, { kind: 'status' | 'severity' | 'tlp' | 'pap' }>, version: TheHiveVersion): string | number {
  if (change.kind === 'status' && version < 5 && (change.value === 'New' || change.value === 'InProgress')) return 'Open';
  return change.value;
}

function closeChange(change: Extract<CaseChange, { kind: 'close' }>, version: TheHiveVersion): InputUpdateCase {
  const common = { impactStatus: change.impact, summary: change.summary };
  return version === 5 ? { status: change.resolution, ...common } : { status: 'Resolved', resolutionStatus: change.resolution, ...common };
}

async function applyChange(message: SlackActionMessage, deps: ActDeps): Promise<Applied> {
  const { change, caseId } = message;
  const v = deps.version;
  switch (change.kind) {
    case 'status':
    case 'severity':
    case 'tlp':
    case 'pap': {
      const before = await deps.thehive.getCase(caseId);
      const body: InputUpdateCase = { [change.kind]: statusOrLevel(change, v) } as InputUpdateCase;
      await deps.thehive.updateCase(caseId, body);
      const label = (value: unknown) => (change.kind === 'status' ? String(value ?? 'none') : levelLabel(change.kind, value, v));
      return { change: body, note: `changed ${change.kind === 'tlp' || change.kind === 'pap' ? change.kind.toUpperCase() : change.kind} ${label(before[change.kind])} → ${label(body[change.kind])}` };
    }
    case 'assignToMe': {
      const user = await theHiveLoginOf(message.actor.userId, deps, 'Your');
      const body = { assignee: user.login };
      await deps.thehive.updateCase(caseId, body);
      return { change: body, note: `assigned the case to ${user.name ? `${user.name} (${user.login})` : user.login}` };
    }
    case 'addTask': {
      let assignee: TheHiveUser | undefined;
      let warning: string | undefined;
      if (change.assigneeSlackUser) {
        try {
          assignee = await theHiveLoginOf(change.assigneeSlackUser, deps, "The assignee's");
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          // The task is still worth creating; it is left unassigned and the user is told why.
          warning = `Task "${change.title}" was created unassigned: ${error.message}`;
        }
      }
      const body: InputCreateTask = {
        title: change.title,
        ...(change.description ? { description: change.description } : {}),
        ...(change.dueDate !== undefined ? { dueDate: change.dueDate } : {}),
        ...(assignee ? { assignee: assignee.login } : {}),
      };
      await deps.thehive.createTask(caseId, body);
      const due = change.dueDate !== undefined ? `, due ${new Date(change.dueDate).toISOString().slice(0, 10)}` : '';
      const to = assignee ? `, assigned to ${assignee.login}` : '';
      return { change: body, note: `added task "${change.title}"${due}${to}`, warning };
    }
    case 'close': {
      const body = closeChange(change, v);
      await deps.thehive.updateCase(caseId, body);
      // own keys only: the message is data, and `constructor` must not name Object's
      const resolution = Object.hasOwn(resolutionLabels, change.resolution) ? resolutionLabels[change.resolution] : change.resolution;
      const impact = Object.hasOwn(impactLabels, change.impact) ? impactLabels[change.impact] : change.impact;
      return { change: body, note: `closed the case: ${resolution}, ${impact.toLowerCase()}. Summary: ${change.summary.slice(0, 500)}` };
    }
  }
}
