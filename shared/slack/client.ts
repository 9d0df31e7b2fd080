/**
 * The Slack Web API methods two-way Slack needs, over the HttpClient port. Slack answers
 * HTTP 200 with `{ ok: false, error }` for most failures: `ok` decides, not the status.
 * Errors name the method and Slack's error code, never the token.
 */
import type { HttpClient, HttpResponse } from '../ports.js';
import { retryAfterSeconds } from '../notifiers/answer.js';

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    /** Slack's error code (`channel_not_found`…), or `http_<status>` */
    readonly code: string,
    /** worth trying again later (429, 5xx, Slack's internal errors) */
    readonly transient: boolean,
    readonly retryAfterSeconds?: number,
    readonly status?: number,
  ) {
    super(`Slack ${method}: ${code}`);
    this.name = 'SlackApiError';
  }
}

const transientCodes = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface SlackUser {
  id: string;
  name?: string;
  realName?: string;
  /** present only with the users:read.email scope */
  email?: string;
  teamId?: string;
}

export interface SlackMessage {
  channel: string;
  text: string;
  blocks?: unknown[];
}

export interface SlackWebApi {
  usersInfo(user: string): Promise<SlackUser>;
  viewsOpen(triggerId: string, view: unknown): Promise<{ viewId?: string }>;
  chatUpdate(message: SlackMessage & { ts: string }): Promise<void>;
  chatPostMessage(message: SlackMessage & { threadTs?: string }): Promise<{ ts?: string }>;
  chatPostEphemeral(message: SlackMessage & { user: string; threadTs?: string }): Promise<void>;
  usergroupsUsersList(usergroup: string): Promise<string[]>;
  /**
   * A private reply to an interaction through its `response_url` (a Slack hooks URL, no token):
   * the way to reach a user when chat.postEphemeral cannot (e.g. user_not_in_channel).
   */
  respond(responseUrl: string, message: { text: string }, timeoutMs: number): Promise<void>;
}

export interface SlackWebApiOptions {
  http: HttpClient;
  /** `slack.apiUrl` (https://slack.com/api) */
  apiUrl: string;
  botToken: string;
  timeoutMs?: number;
}

function readResponse(method: string, response: HttpResponse): Record<string, unknown> {
  if (response.status === 429) {
    throw new SlackApiError(method, 'ratelimited', true, retryAfterSeconds(response.headers) ?? 30, 429);
  }
  if (response.status >= 500) throw new SlackApiError(method, `http_${response.status}`, true, undefined, response.status);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new SlackApiError(method, `http_${response.status}`, false, undefined, response.status);
  }
  const data = body as { ok?: unknown; error?: unknown };
  if (data.ok !== true) {
    const code = typeof data.error === 'string' ? data.error : `http_${response.status}`;
    throw new SlackApiError(method, code, transientCodes.has(code), retryAfterSeconds(response.headers), response.status);
  }
  return body as Record<string, unknown>;
}

/**
 * Slack's response URLs live on hooks.slack.com; the configured API's own host (a Slack-compatible
 * server, the local fake) is accepted too. Anything else is not posted to, though the payload is signed.
 */
export function isSlackResponseUrl(responseUrl: string, apiUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'https:' && url.hostname === 'hooks.slack.com') return true;
  try {
    return url.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

export function createSlackWebApi(options: SlackWebApiOptions): SlackWebApi {
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${options.botToken}`;

  /** Write methods take JSON; read methods (users.info, usergroups.users.list) take a form. */
  async function call(method: string, params: Record<string, unknown>, form = false) {
    const body = form
      ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString()
      : JSON.stringify(params);
    const response = await options.http.send({
      method: 'POST',
      url: `${base}/${method}`,
      headers: {
        authorization,
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
      },
      body,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
    return readResponse(method, response);
  }

  const message = (m: SlackMessage) => ({ channel: m.channel, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });

  return {
    async usersInfo(user) {
      const data = await call('users.info', { user }, true);
      const found = (data.user ?? {}) as { id?: string; name?: string; real_name?: string; team_id?: string; profile?: { email?: string; real_name?: string } };
      return {
        id: found.id ?? user,
        name: found.name,
        realName: found.real_name ?? found.profile?.real_name,
        email: found.profile?.email || undefined,
        teamId: found.team_id,
      };
    },
    async viewsOpen(triggerId, view) {
      const data = await call('views.open', { trigger_id: triggerId, view });
      return { viewId: (data.view as { id?: string } | undefined)?.id };
    },
    async chatUpdate(m) {
      await call('chat.update', { ...message(m), ts: m.ts });
    },
    async chatPostMessage(m) {
      const data = await call('chat.postMessage', { ...message(m), ...(m.threadTs ? { thread_ts: m.threadTs } : {}), unfurl_links: false });
      return { ts: typeof data.ts === 'string' ? data.ts : undefined };
    },
    async chatPostEphemeral(m) {
      await call('chat.postEphemeral', { ...message(m), user: m.user, ...(m.threadTs ? { thread_ts: m.threadTs } : {}) });
    },
    async usergroupsUsersList(usergroup) {
      const data = await call('usergroups.users.list', { usergroup }, true);
      return Array.isArray(data.users) ? (data.users as unknown[]).filter((u): u is string => typeof u === 'string') : [];
    },
    async respond(responseUrl, m, timeoutMs) {
      if (!isSlackResponseUrl(responseUrl, base)) throw new SlackApiError('response_url', 'not_a_slack_url', false);
      const response = await options.http.send({
        method: 'POST',
        url: responseUrl,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: m.text }),
        timeoutMs,
      });
      // Slack answers 200 (`ok` or { ok: true }); an expired or used URL gets 404 with a plain reason
      if (response.status < 200 || response.status > 299) {
        const reason = /^[a-z_]{1,40}$/.test(response.body.trim()) ? response.body.trim() : `http_${response.status}`;
        throw new SlackApiError('response_url', reason, response.status >= 500 || response.status === 429, undefined, response.status);
      }
    },
  };
}
