/**
 * Slack interaction payloads shaped like Slack's (block_actions / view_submission, see the
 * targets reference §1.4), form-encoded and signed the way Slack does, for the Slack tests.
 * The signer here is written independently of shared/slack/signature.ts so the tests check
 * the scheme rather than echo the implementation.
 */
import { createHmac } from 'node:crypto';

export const TEAM = 'T0ALLOWED';
export const CHANNEL = 'C0SOC';
export const USER = 'U0ANALYST';
export const MESSAGE_TS = '1700000000.000100';
export const SIGNING_SECRET = 'test-signing-secret-not-real';

let counter = 0;
const nextTrigger = () => `${++counter}.${Date.now()}.trigger`;

export interface ActionOptions {
  actionId: string;
  /** button value (`case:<id>`) */
  value?: string;
  /** select's block id (`case:<id>`) */
  blockId?: string;
  /** select's chosen option value; null for a cleared select */
  selected?: string | null;
  selectedUser?: string;
  team?: string | null;
  /** the clicker's own workspace (`user.team_id`): another organisation's in a Slack Connect channel */
  userTeam?: string;
  /** Enterprise Grid: `enterprise.id` */
  enterprise?: string;
  user?: string;
  channel?: string;
  ts?: string;
  triggerId?: string;
  messageText?: string;
  /** where Slack takes a reply to the interaction */
  responseUrl?: string;
}

export function blockActions(options: ActionOptions) {
  const team = options.team === undefined ? TEAM : options.team;
  const channel = options.channel ?? CHANNEL;
  const ts = options.ts ?? MESSAGE_TS;
  const action: Record<string, unknown> = {
    action_id: options.actionId,
    block_id: options.blockId ?? 'controls',
    type: options.selected !== undefined ? 'static_select' : 'button',
    action_ts: '1700000100.123456',
  };
  if (options.value !== undefined) action.value = options.value;
  if (options.selected !== undefined) {
    action.selected_option = options.selected === null ? null : { text: { type: 'plain_text', text: options.selected }, value: options.selected };
  }
  if (options.selectedUser) action.selected_user = options.selectedUser;
  return {
    type: 'block_actions',
    user: { id: options.user ?? USER, username: 'analyst', name: 'analyst', team_id: options.userTeam ?? team ?? TEAM },
    api_app_id: 'A0RELAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: options.triggerId ?? nextTrigger(),
    team: team === null ? null : { id: team, domain: 'soc' },
    enterprise: options.enterprise ? { id: options.enterprise, name: 'Example Org' } : null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'soc' },
    message: { type: 'message', ts, text: options.messageText ?? 'Case #42: Phishing campaign', blocks: [] },
    state: { values: {} },
    response_url: options.responseUrl ?? 'https://hooks.slack.com/actions/T0ALLOWED/1/x',
    actions: [action],
  };
}

export type StateValue = { type: string; value?: string | null; selected_option?: { value: string } | null; selected_user?: string | null; selected_date?: string | null };

export function viewSubmission(options: {
  callbackId: string;
  values: Record<string, Record<string, StateValue>>;
  privateMetadata: string;
  team?: string | null;
  userTeam?: string;
  user?: string;
  viewId?: string;
}) {
  const team = options.team === undefined ? TEAM : options.team;
  return {
    type: 'view_submission',
    team: team === null ? null : { id: team, domain: 'soc' },
    user: { id: options.user ?? USER, username: 'analyst', name: 'analyst', team_id: options.userTeam ?? team ?? TEAM },
    api_app_id: 'A0RELAY',
    token: 'deprecated-verification-token',
    trigger_id: nextTrigger(),
    view: {
      id: options.viewId ?? `V${++counter}`,
      team_id: team,
      type: 'modal',
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata,
      hash: '156772938.1827394',
      state: { values: options.values },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** Slack sends one form field, `payload`, holding the JSON. */
export const formBody = (payload: unknown): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export function slackSign(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(body: string, nowMs: number, secret = SIGNING_SECRET): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSign(secret, timestamp, body),
  };
}

/** view state value helpers */
export const input = (value: string | null): StateValue => ({ type: 'plain_text_input', value });
export const select = (value: string | null): StateValue => ({ type: 'static_select', selected_option: value === null ? null : { value } });
export const date = (value: string | null): StateValue => ({ type: 'datepicker', selected_date: value });
export const userPick = (value: string | null): StateValue => ({ type: 'users_select', selected_user: value });
