/**
 * Fake Slack Web API, for the Slack notifier and two-way Slack: the methods the notifier, the
 * interactions handler and the act worker call (chat.postMessage, chat.update,
 * chat.postEphemeral, views.open, users.info, usergroups.users.list), and interaction response
 * URLs (`responseUrl()`, POST /actions/…, no token, as Slack's hooks.slack.com/actions/…, recorded
 * in `responses`). Like Slack it takes JSON or form bodies, checks the bearer token and
 * answers HTTP 200 with `{ ok: true, … }` or `{ ok: false, error }`; a message whose blocks
 * break Block Kit's limits gets `invalid_blocks`, as from Slack. Built on the shared
 * RecordingTarget (every request recorded; `answerNext` scripts failures such as 429).
 */
import { RecordingTarget, type RecordedRequest } from './recording-target.js';

/**
 * Block Kit's limits for a message, as Slack documents them:
 * https://api.slack.com/reference/block-kit/blocks (50 blocks per message, 25 actions elements),
 * https://docs.slack.dev/reference/block-kit/blocks/section-block (text 3000; fields 10, each 2000),
 * https://docs.slack.dev/reference/block-kit/blocks/header-block (150),
 * https://docs.slack.dev/reference/block-kit/blocks/context-block (10 elements).
 * Lengths are counted in UTF-16 code units, as the relay counts them when it fits a message.
 * The top-level `text` is not checked: Slack truncates it beyond 40,000 characters rather than
 * refusing the message.
 */
export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
} as const;

const textOf = (object: unknown): string => (typeof (object as { text?: unknown } | undefined)?.text === 'string' ? (object as { text: string }).text : '');
const count = (list: unknown): number => (Array.isArray(list) ? list.length : 0);

function blockFits(block: any): boolean {
  const L = BLOCK_KIT_LIMITS;
  switch (block?.type) {
    case 'section':
      return textOf(block.text).length <= L.sectionText && count(block.fields) <= L.sectionFields && (block.fields ?? []).every((field: unknown) => textOf(field).length <= L.fieldText);
    case 'header':
      return textOf(block.text).length <= L.headerText;
    case 'context':
      return count(block.elements) <= L.contextElements;
    case 'actions':
      return count(block.elements) <= L.actionsElements;
    default:
      return true;
  }
}

/** `invalid_blocks` when a message's blocks break a Block Kit limit, as Slack answers it; undefined when they fit. */
export function blockKitRefusal(blocks: unknown): 'invalid_blocks' | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > BLOCK_KIT_LIMITS.blocks || !blocks.every(blockFits)) return 'invalid_blocks';
  return undefined;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  /** omitted to play a profile whose email the app cannot see */
  email?: string;
  teamId?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  edits: number;
}

export interface SlackWebApiFake extends RecordingTarget {
  apiUrl: string;
  token: string;
  messages: StoredMessage[];
  ephemerals: { channel: string; user: string; text: string }[];
  views: { trigger_id: string; view: any }[];
  /** what was posted to response URLs */
  responses: { path: string; body: Record<string, any> }[];
  /** a response URL for one interaction, on this fake */
  responseUrl(id?: string): string;
  users: Map<string, FakeSlackUser>;
  userGroups: Map<string, string[]>;
  /** trigger ids Slack would call expired */
  expiredTriggers: Set<string>;
  /** put a message in a channel as if the notifier had posted it */
  seedMessage(channel: string, message?: Partial<StoredMessage>): StoredMessage;
  /** requests made to one method (`chat.update`…), their parameters parsed */
  calls(method: string): Record<string, any>[];
  threadReplies(channel: string, ts: string): StoredMessage[];
}

function paramsOf(request: RecordedRequest): Record<string, any> | undefined {
  if (request.json && typeof request.json === 'object') return request.json;
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const params: Record<string, any> = {};
    for (const [key, value] of new URLSearchParams(request.body)) {
      try {
        // form fields holding JSON (blocks, view) arrive as JSON text
        params[key] = key === 'blocks' || key === 'view' ? JSON.parse(value) : value;
      } catch {
        params[key] = value;
      }
    }
    return params;
  }
  return undefined;
}

export async function startSlackWebApiFake(options: {
  token: string;
  channels?: string[];
  users?: FakeSlackUser[];
  userGroups?: Record<string, string[]>;
}): Promise<SlackWebApiFake> {
  const channels = new Set(options.channels ?? ['C0SOC']);
  const messages: StoredMessage[] = [];
  const ephemerals: SlackWebApiFake['ephemerals'] = [];
  const views: SlackWebApiFake['views'] = [];
  const responses: SlackWebApiFake['responses'] = [];
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const userGroups = new Map(Object.entries(options.userGroups ?? {}));
  const expiredTriggers = new Set<string>();
  let clock = 1_700_000_000;
  const fail = (error: string) => ({ status: 200, body: { ok: false, error } });
  const ok = (body: object = {}) => ({ status: 200, body: { ok: true, ...body } });
  const nextTs = () => `${++clock}.000200`;

  const target = new RecordingTarget((request) => {
    if (request.method !== 'POST') return { status: 405, body: 'method not allowed' };
    // a response URL needs no token; Slack takes JSON there and answers 200
    if (request.path.startsWith('/actions/')) {
      if (!request.json || typeof request.json !== 'object') return { status: 400, body: 'invalid_payload' };
      responses.push({ path: request.path, body: request.json });
      return { status: 200, body: { ok: true } };
    }
    if (request.headers.authorization !== `Bearer ${options.token}`) return fail(request.headers.authorization ? 'invalid_auth' : 'not_authed');
    const p = paramsOf(request);
    if (!p) return fail('invalid_arguments');
    const method = request.path.replace(/^\/api\//, '').split('?')[0];
    switch (method) {
      case 'chat.postMessage': {
        if (!channels.has(p.channel)) return fail('channel_not_found');
        if (!p.text && !p.blocks) return fail('no_text');
        const refusal = blockKitRefusal(p.blocks);
        if (refusal) return fail(refusal);
        if (p.thread_ts && !messages.some((m) => m.channel === p.channel && m.ts === p.thread_ts)) return fail('thread_not_found');
        const message: StoredMessage = { channel: p.channel, ts: nextTs(), text: p.text, blocks: p.blocks, thread_ts: p.thread_ts, edits: 0 };
        messages.push(message);
        return ok({ channel: p.channel, ts: message.ts, message: { text: p.text, ts: message.ts } });
      }
      case 'chat.update': {
        if (!channels.has(p.channel)) return fail('channel_not_found');
        const message = messages.find((m) => m.channel === p.channel && m.ts === p.ts);
        if (!message) return fail('message_not_found');
        if (!p.text && !p.blocks) return fail('no_text');
        const refusal = blockKitRefusal(p.blocks);
        if (refusal) return fail(refusal);
        Object.assign(message, { text: p.text, blocks: p.blocks, edits: message.edits + 1 });
        return ok({ channel: p.channel, ts: p.ts, text: p.text });
      }
      case 'chat.postEphemeral': {
        if (!channels.has(p.channel)) return fail('channel_not_found');
        if (!users.has(p.user)) return fail('user_not_found');
        if (!p.text && !p.blocks) return fail('no_text');
        const refusal = blockKitRefusal(p.blocks);
        if (refusal) return fail(refusal);
        ephemerals.push({ channel: p.channel, user: p.user, text: p.text });
        return ok({ message_ts: nextTs() });
      }
      case 'views.open': {
        if (!p.trigger_id) return fail('invalid_arguments');
        if (expiredTriggers.has(p.trigger_id)) return fail('expired_trigger_id');
        if (!p.view || typeof p.view !== 'object' || p.view.type !== 'modal') return fail('invalid_arguments');
        views.push({ trigger_id: p.trigger_id, view: p.view });
        return ok({ view: { id: `V${views.length}`, ...p.view } });
      }
      case 'users.info': {
        const user = users.get(p.user);
        if (!user) return fail('user_not_found');
        return ok({
          user: {
            id: user.id,
            team_id: user.teamId ?? 'T0ALLOWED',
            name: user.name,
            real_name: user.name,
            profile: { real_name: user.name, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
          },
        });
      }
      case 'usergroups.users.list': {
        const members = userGroups.get(p.usergroup);
        if (!members) return fail('no_such_subteam');
        return ok({ users: members });
      }
      default:
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  });
  await target.start();

  return Object.assign(target, {
    apiUrl: `${target.baseUrl}/api`,
    token: options.token,
    messages,
    ephemerals,
    views,
    responses,
    responseUrl: (id = '1') => `${target.baseUrl}/actions/T0SOC/${id}/response-token`,
    users,
    userGroups,
    expiredTriggers,
    seedMessage(channel: string, message: Partial<StoredMessage> = {}) {
      channels.add(channel);
      const stored: StoredMessage = { channel, ts: message.ts ?? nextTs(), text: message.text ?? 'case message', blocks: message.blocks, edits: 0 };
      messages.push(stored);
      return stored;
    },
    calls(method: string) {
      return target.requests.filter((r) => r.path.replace(/^\/api\//, '').split('?')[0] === method).map((r) => paramsOf(r) ?? {});
    },
    threadReplies(channel: string, ts: string) {
      return messages.filter((m) => m.channel === channel && m.thread_ts === ts);
    },
  });
}
