import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { createSlackWebApi, isSlackResponseUrl, SlackApiError, type SlackWebApi } from '../../../shared/slack/client.js';
import { startSlackWebApiFake, type SlackWebApiFake } from '../../fakes/slack-web-api.js';

const TOKEN = 'xoxb-test-token-not-real';

describe('Slack Web API client (loopback fake)', () => {
  let fake: SlackWebApiFake;
  let api: SlackWebApi;
  const http = new NodeHttpClient({ allowHosts: [], allowLoopback: true });

  beforeAll(async () => {
    fake = await startSlackWebApiFake({
      token: TOKEN,
      channels: ['C0SOC'],
      users: [
        { id: 'U1', name: 'jane', email: 'jane@example.org' },
        { id: 'U2', name: 'hidden' },
      ],
      userGroups: { S0SOC: ['U1', 'U3'] },
    });
    api = createSlackWebApi({ http, apiUrl: `${fake.apiUrl}/`, botToken: TOKEN });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('sends the bot token as Bearer and JSON to write methods', async () => {
    const posted = await api.chatPostMessage({ channel: 'C0SOC', text: 'hello', blocks: [{ type: 'divider' }] });
    expect(posted.ts).toMatch(/^\d+\.\d+$/);
    const [request] = fake.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/chat.postMessage');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.json).toMatchObject({ channel: 'C0SOC', text: 'hello', blocks: [{ type: 'divider' }] });
  });

  it('updates a message in place and replies in its thread', async () => {
    const { ts } = await api.chatPostMessage({ channel: 'C0SOC', text: 'v1' });
    await api.chatUpdate({ channel: 'C0SOC', ts: ts!, text: 'v2', blocks: [] });
    await api.chatPostMessage({ channel: 'C0SOC', text: 'note', threadTs: ts });
    const message = fake.messages.find((m) => m.ts === ts)!;
    expect(message).toMatchObject({ text: 'v2', edits: 1 });
    expect(fake.threadReplies('C0SOC', ts!).map((m) => m.text)).toEqual(['note']);
  });

  it("reads a user's email with users.info (form body) and tells when none is visible", async () => {
    expect(await api.usersInfo('U1')).toMatchObject({ id: 'U1', name: 'jane', email: 'jane@example.org' });
    expect(fake.requests[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(fake.requests[0].body).toBe('user=U1');
    expect((await api.usersInfo('U2')).email).toBeUndefined();
  });

  it('lists user group members, opens views and posts ephemerals', async () => {
    expect(await api.usergroupsUsersList('S0SOC')).toEqual(['U1', 'U3']);
    expect(await api.viewsOpen('trigger-1', { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] })).toEqual({ viewId: 'V1' });
    await api.chatPostEphemeral({ channel: 'C0SOC', user: 'U1', text: 'only you' });
    expect(fake.ephemerals.at(-1)).toEqual({ channel: 'C0SOC', user: 'U1', text: 'only you' });
  });

  it('replies to an interaction through its response_url: ephemeral JSON, without the bot token', async () => {
    await api.respond(fake.responseUrl('7'), { text: 'You are not allowed' }, 1000);
    const [request] = fake.requests;
    expect(request.path).toBe('/actions/T0SOC/7/response-token');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fake.responses).toEqual([{ path: '/actions/T0SOC/7/response-token', body: { response_type: 'ephemeral', replace_original: false, text: 'You are not allowed' } }]);
    fake.answerNext({ status: 404, body: 'expired_url' });
    expect(await api.respond(fake.responseUrl(), { text: 'x' }, 1000).catch((e) => e)).toMatchObject({ method: 'response_url', code: 'expired_url', transient: false, status: 404 });
  });

  it('posts only to Slack response URLs (hooks.slack.com, or the configured API host)', async () => {
    expect(isSlackResponseUrl('https://hooks.slack.com/actions/T1/2/abc', 'https://slack.com/api')).toBe(true);
    expect(isSlackResponseUrl('http://hooks.slack.com/actions/T1/2/abc', 'https://slack.com/api')).toBe(false);
    expect(isSlackResponseUrl('https://hooks.slack.com.evil.example/actions', 'https://slack.com/api')).toBe(false);
    expect(isSlackResponseUrl('http://169.254.169.254/latest/meta-data', 'https://slack.com/api')).toBe(false);
    expect(isSlackResponseUrl('not a url', 'https://slack.com/api')).toBe(false);
    const before = fake.requests.length;
    expect(await api.respond('http://127.0.0.1:1/actions/x', { text: 'x' }, 1000).catch((e) => e)).toMatchObject({ code: 'not_a_slack_url' });
    expect(fake.requests.length).toBe(before);
  });

  it("turns { ok: false } into an error naming the method and Slack's code, never the token", async () => {
    const error = await api.chatUpdate({ channel: 'C0SOC', ts: '1.2', text: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ method: 'chat.update', code: 'message_not_found', transient: false });
    const wrongToken = createSlackWebApi({ http, apiUrl: fake.apiUrl, botToken: 'xoxb-wrong-secret' });
    const auth = await wrongToken.usersInfo('U1').catch((e) => e);
    expect(auth).toMatchObject({ code: 'invalid_auth', transient: false });
    expect(String(auth.message)).not.toContain('xoxb-wrong-secret');
    fake.expiredTriggers.add('gone');
    expect(await api.viewsOpen('gone', { type: 'modal' }).catch((e) => e)).toMatchObject({ method: 'views.open', code: 'expired_trigger_id' });
  });

  it('classifies 429 with Retry-After and 5xx as transient', async () => {
    fake.answerNext({ status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    expect(await api.chatPostMessage({ channel: 'C0SOC', text: 'x' }).catch((e) => e)).toMatchObject({ code: 'ratelimited', transient: true, retryAfterSeconds: 7, status: 429 });
    fake.answerNext({ status: 503, body: 'upstream down' });
    expect(await api.chatPostMessage({ channel: 'C0SOC', text: 'x' }).catch((e) => e)).toMatchObject({ code: 'http_503', transient: true });
    fake.answerNext({ status: 200, body: { ok: false, error: 'internal_error' } });
    expect(await api.chatPostMessage({ channel: 'C0SOC', text: 'x' }).catch((e) => e)).toMatchObject({ code: 'internal_error', transient: true });
  });
});
