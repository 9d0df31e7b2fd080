/**
 * Fake Slack Web API (`/api/chat.postMessage`, `/api/chat.update`): checks the bearer token,
 * keeps the posted messages per channel, answers HTTP 200 with `{ ok: true, channel, ts }` or
 * `{ ok: false, error }` as Slack does (invalid_auth, channel_not_found, message_not_found,
 * invalid_arguments).
 */
import { RecordingTarget } from './recording-target.js';

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** chat.update calls applied to it */
  edits: number;
}

export interface SlackApiFake extends RecordingTarget {
  messages: FakeSlackMessage[];
  /** base URL to configure as `apiUrl` */
  apiUrl: string;
}

export async function startSlackApiFake(options: { token: string; channels?: string[] }): Promise<SlackApiFake> {
  const channels = new Set(options.channels ?? ['C0123456']);
  const messages: FakeSlackMessage[] = [];
  let clock = 1_700_000_000;
  const fail = (error: string) => ({ status: 200, body: { ok: false, error } });
  const target = new RecordingTarget((request) => {
    if (request.headers.authorization !== `Bearer ${options.token}`) return fail(request.headers.authorization ? 'invalid_auth' : 'not_authed');
    const body = request.json;
    if (!body || typeof body !== 'object') return fail('invalid_arguments');
    if (!channels.has(body.channel)) return fail('channel_not_found');
    if (!body.text && !body.blocks) return fail('no_text');
    switch (request.path) {
      case '/api/chat.postMessage': {
        if (body.thread_ts && !messages.some((m) => m.channel === body.channel && m.ts === body.thread_ts)) return fail('thread_not_found');
        const ts = `${++clock}.000100`;
        const message: FakeSlackMessage = { channel: body.channel, ts, text: body.text, blocks: body.blocks, thread_ts: body.thread_ts, edits: 0 };
        messages.push(message);
        return { status: 200, body: { ok: true, channel: body.channel, ts, message: { text: body.text, ts } } };
      }
      case '/api/chat.update': {
        const message = messages.find((m) => m.channel === body.channel && m.ts === body.ts);
        if (!message) return fail('message_not_found');
        message.text = body.text;
        message.blocks = body.blocks;
        message.edits += 1;
        return { status: 200, body: { ok: true, channel: body.channel, ts: body.ts, text: body.text } };
      }
      default:
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  });
  await target.start();
  return Object.assign(target, { messages, apiUrl: `${target.baseUrl}/api` });
}
