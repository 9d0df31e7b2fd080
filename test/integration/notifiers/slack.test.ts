/**
 * Slack over the wire: the real delivery use case against loopback fakes of an incoming
 * webhook and of the Web API (chat.postMessage / chat.update), across a case's life.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { slackWebhookFake, SLACK_HOOK_PATH } from '../../fakes/slack-webhook.js';
import { startSlackWebApiFake, type SlackWebApiFake } from '../../fakes/slack-web-api.js';
import type { RecordingTarget } from '../../fakes/recording-target.js';
import { caseLife, T0, THEHIVE_URL, v5Case } from '../../unit/notifiers/fixtures.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';

describe('slack incoming webhook on the wire', () => {
  let hook: RecordingTarget;
  let harness: Harness;
  beforeAll(async () => {
    hook = await slackWebhookFake().start();
    harness = await startHarness({
      notifier: { name: 'soc-slack', type: 'slack', triggers: ['AnyEvent'], url: { secret: 'SLACK_WEBHOOK_URL' }, timeoutSeconds: 1 },
      secrets: { SLACK_WEBHOOK_URL: `${hook.baseUrl}${SLACK_HOOK_PATH}` },
      thehiveUrl: THEHIVE_URL,
    });
  });
  afterEach(() => hook.reset());
  afterAll(async () => {
    await harness.stop();
    await hook.stop();
  });

  it('POSTs JSON text + blocks to the hook path, without auth header, and is delivered on 200 ok', async () => {
    const result = await harness.deliver(caseLife.created());
    expect(result).toMatchObject({ kind: 'delivered', requests: 1 });
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(SLACK_HOOK_PATH);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBeUndefined();
    expect(Object.keys(request.json).sort()).toEqual(['blocks', 'text']);
    expect(request.json.text).toBe('New case #7: Phishing campaign against finance (HIGH)');
    expect(request.json.blocks[0].text.text).toContain(`${THEHIVE_URL}/cases/~41/details`);
  });

  it('posts once when the same message is redelivered', async () => {
    await harness.deliver(caseLife.inProgress(), { eventKey: 'same-event' });
    const again = await harness.deliver(caseLife.inProgress(), { eventKey: 'same-event', receiveCount: 2 });
    expect(again).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(hook.requests).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After asks (re-enqueued with that delay)', async () => {
    hook.answerNext({ status: 429, headers: { 'retry-after': '12' }, body: 'rate_limited' });
    const result = await harness.deliver(caseLife.created());
    expect(result).toMatchObject({ kind: 'requeued', delaySeconds: 12 });
  });

  it('retries a 500 and a timeout', async () => {
    hook.answerNext({ status: 500, body: 'rollup_error' });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: 'Slack webhook answered 500: rollup_error' });
    hook.answerNext({ status: 200, body: 'ok', delayMs: 2500 });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
  });

  it('parks a rejected payload in the DLQ with Slack’s answer and without the hook URL', async () => {
    hook.answerNext({ status: 404, body: 'no_service' });
    const result = await harness.deliver(caseLife.created());
    expect(result).toMatchObject({ kind: 'parked', failure: { permanent: true, status: 404 } });
    const [letter] = await harness.deadLetters();
    expect(letter.failure.reason).toBe('Slack webhook answered 404: no_service');
    expect(JSON.stringify(letter)).not.toContain(SLACK_HOOK_PATH);
  });
});

describe('slack bot on the wire: one message follows the case', () => {
  const TOKEN = 'xoxb-test-bot-token-0001';
  let slack: SlackWebApiFake;
  let harness: Harness;
  beforeAll(async () => {
    slack = await startSlackWebApiFake({ token: TOKEN, channels: ['C0123456'] });
    harness = await startHarness({
      notifier: { name: 'soc-slack-bot', type: 'slack', triggers: ['AnyEvent'], botToken: { secret: 'SLACK_BOT_TOKEN' }, channel: 'C0123456', follow: 'both', apiUrl: slack.apiUrl, interactive: true },
      secrets: { SLACK_BOT_TOKEN: TOKEN },
      thehiveUrl: THEHIVE_URL,
      // the controls need two-way Slack configured
      config: { slack: { signingSecret: { secret: 'SLACK_SIGNING_SECRET' }, botToken: { secret: 'SLACK_BOT_TOKEN' }, allow: { teams: ['T0123456'] } } },
    });
  });
  afterAll(async () => {
    await harness.stop();
    await slack.stop();
  });

  it('created → postMessage; in progress, task, closed → chat.update + thread replies; a late older event only adds a note', async () => {
    expect(await harness.deliver(caseLife.created(), { eventKey: 'created-41' })).toMatchObject({ kind: 'delivered' });
    expect(slack.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage']);
    expect(slack.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(slack.requests[0].headers['content-type']).toBe('application/json; charset=utf-8');
    const [root] = slack.messages;
    expect(await harness.memory('~41')).toEqual({ channel: 'C0123456', ts: root.ts, lastEventAt: caseLife.created()._createdAt, firstEventKey: 'created-41' });

    await harness.deliver(caseLife.inProgress());
    await harness.deliver(caseLife.closed());
    expect(slack.requests.map((r) => r.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
    ]);
    expect(slack.requests[1].json).toMatchObject({ channel: 'C0123456', ts: root.ts });
    expect(slack.requests[2].json).toMatchObject({ channel: 'C0123456', thread_ts: root.ts });
    expect(root.edits).toBe(2);
    expect(JSON.stringify(root.blocks)).toContain(':white_check_mark:');
    expect(JSON.stringify(root.blocks)).not.toContain('case_close');

    // the task event is older than the close: it must not redraw the closed case as in progress
    await harness.deliver(caseLife.taskCreated());
    expect(slack.requests.at(-1)!.path).toBe('/api/chat.postMessage');
    expect(slack.requests.at(-1)!.json.thread_ts).toBe(root.ts);
    expect(root.edits).toBe(2);
    expect(slack.messages.filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(slack.messages.filter((m) => m.thread_ts === root.ts)).toHaveLength(3);
    expect(await harness.memory('~41')).toMatchObject({ lastEventAt: caseLife.closed()._createdAt });

    // the created event handed out again by SQS: its post is replayed, nothing reaches Slack
    const sent = slack.requests.length;
    expect(await harness.deliver(caseLife.created(), { eventKey: 'created-41', receiveCount: 2 })).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(slack.requests).toHaveLength(sent);
    expect(await harness.memory('~41')).toMatchObject({ lastEventAt: caseLife.closed()._createdAt });
  });

  it('two first events of a new case handled at once post one message; the other waits for it, then updates it', async () => {
    const racing = await startHarness({
      notifier: { name: 'racing', type: 'slack', triggers: ['AnyEvent'], botToken: { secret: 'SLACK_BOT_TOKEN' }, channel: 'C0123456', follow: 'update', apiUrl: slack.apiUrl },
      secrets: { SLACK_BOT_TOKEN: TOKEN },
      thehiveUrl: THEHIVE_URL,
    });
    try {
      const before = slack.messages.length;
      const results = await Promise.all([racing.deliver(caseLife.created()), racing.deliver(caseLife.inProgress())]);
      expect(results.map((r) => r.kind).sort()).toEqual(['delivered', 'requeued']);
      expect(results.find((r) => r.kind === 'requeued')).toMatchObject({ reason: expect.stringMatching(/waiting for the first message/), attempts: 0 });
      expect(slack.messages.slice(before).filter((m) => !m.thread_ts)).toHaveLength(1);

      // the waiting event comes back and updates the message instead of posting another
      const waited = results[0].kind === 'requeued' ? caseLife.created() : caseLife.inProgress();
      expect(await racing.deliver(waited)).toMatchObject({ kind: 'delivered' });
      expect(slack.requests.at(-1)!.path).toBe('/api/chat.update');
      expect(slack.messages.slice(before).filter((m) => !m.thread_ts)).toHaveLength(1);
    } finally {
      await racing.stop();
    }
  });

  it('parks a Web API refusal (HTTP 200, ok:false) with Slack’s error and no token', async () => {
    const other = await startHarness({
      notifier: { name: 'bad-channel', type: 'slack', triggers: ['AnyEvent'], botToken: { secret: 'SLACK_BOT_TOKEN' }, channel: 'C0NOPE', apiUrl: slack.apiUrl },
      secrets: { SLACK_BOT_TOKEN: TOKEN },
    });
    try {
      expect(await other.deliver(caseLife.created())).toMatchObject({ kind: 'parked', failure: { permanent: true, status: 200, reason: 'Slack chat.postMessage failed: channel_not_found' } });
      const [letter] = await other.deadLetters();
      expect(JSON.stringify(letter)).not.toContain(TOKEN);
    } finally {
      await other.stop();
    }
  });

  it('honours 429 Retry-After from the Web API', async () => {
    slack.answerNext({ status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'requeued', delaySeconds: 3 });
  });
});

describe('slack fakes refuse blocks over Block Kit’s limits, as Slack does', () => {
  const TOKEN = 'xoxb-test-bot-token-limits';
  let hook: RecordingTarget;
  let slack: SlackWebApiFake;
  beforeAll(async () => {
    hook = await slackWebhookFake().start();
    slack = await startSlackWebApiFake({ token: TOKEN, channels: ['C0LIMITS'] });
  });
  afterAll(async () => {
    await hook.stop();
    await slack.stop();
  });

  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
  const button = (i: number) => ({ type: 'button', action_id: `b${i}`, text: { type: 'plain_text', text: `B${i}` } });
  const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  // each one is one over a limit; the same at the limit is accepted
  const over = {
    '51 blocks': times(51, () => section('x')),
    'section text of 3001': [section('x'.repeat(3001))],
    '11 section fields': [{ type: 'section', fields: times(11, () => mrkdwn('f')) }],
    'a section field of 2001': [{ type: 'section', fields: [mrkdwn('f'.repeat(2001))] }],
    'header text of 151': [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    '11 context elements': [{ type: 'context', elements: times(11, () => mrkdwn('c')) }],
    '26 actions elements': [{ type: 'actions', elements: times(26, button) }],
  };
  const atLimits = [
    ...times(44, () => section('x')),
    section('x'.repeat(3000)),
    { type: 'section', fields: times(10, () => mrkdwn('f'.repeat(2000))) },
    { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
    { type: 'context', elements: times(10, () => mrkdwn('c')) },
    { type: 'actions', elements: times(25, button) },
    { type: 'divider' },
  ];

  const postHook = async (body: object) => {
    const response = await fetch(`${hook.baseUrl}${SLACK_HOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.text() };
  };
  const callApi = async (method: string, body: object) => {
    const response = await fetch(`${slack.apiUrl}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('incoming webhook: HTTP 400 invalid_blocks over a limit; 200 ok at the limits and for a 40,000+ character text', async () => {
    for (const [name, blocks] of Object.entries(over)) {
      expect({ name, answer: await postHook({ text: 'fallback', blocks }) }).toEqual({ name, answer: { status: 400, body: 'invalid_blocks' } });
    }
    expect(atLimits).toHaveLength(50);
    expect(await postHook({ text: 'fallback', blocks: atLimits })).toEqual({ status: 200, body: 'ok' });
    // Slack truncates a long text rather than refusing it
    expect(await postHook({ text: 't'.repeat(45_000) })).toEqual({ status: 200, body: 'ok' });
  });

  it('Web API: chat.postMessage and chat.update answer 200 ok:false invalid_blocks over a limit, and take a message at the limits', async () => {
    const posted = await callApi('chat.postMessage', { channel: 'C0LIMITS', text: 'fallback', blocks: atLimits });
    expect(posted).toMatchObject({ status: 200, body: { ok: true } });
    const { ts } = posted.body;
    for (const [name, blocks] of Object.entries(over)) {
      expect({ name, answer: await callApi('chat.postMessage', { channel: 'C0LIMITS', text: 'fallback', blocks }) }).toEqual({ name, answer: { status: 200, body: { ok: false, error: 'invalid_blocks' } } });
      expect({ name, answer: await callApi('chat.update', { channel: 'C0LIMITS', ts, text: 'fallback', blocks }) }).toEqual({ name, answer: { status: 200, body: { ok: false, error: 'invalid_blocks' } } });
    }
    expect(await callApi('chat.update', { channel: 'C0LIMITS', ts, text: 't'.repeat(45_000), blocks: atLimits })).toMatchObject({ status: 200, body: { ok: true } });
    // refused messages are neither stored nor edited
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0].edits).toBe(1);
  });
});

describe('slack on the wire: an oversized case still fits Block Kit’s limits', () => {
  const TOKEN = 'xoxb-test-bot-token-oversize';
  const long = (length: number, unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  const huge = {
    title: long(5000, 'Exfiltration <&> via *DNS* 😀 '),
    description: long(60_000, 'Line with `code`, <links> & emoji 😀\n'),
    tags: Array.from({ length: 400 }, (_, i) => `tag-${i}-${'x'.repeat(60)}`),
    assignee: long(3000, 'analyst'),
  };
  const audit = (over: Record<string, unknown>): RelayEvent => {
    const result = normalise({ _type: 'Audit', mainAction: true, requestId: 'req-huge', organisation: { organisation: 'SOC', organisationId: '~4' }, objectId: '~41', rootId: '~41', _createdBy: 'alice@corp', details: {}, ...over });
    if (!result.ok) throw new Error(result.message);
    return result.event;
  };
  const created = () => audit({ _id: '~h1', action: 'create', objectType: 'Case', _createdAt: T0, object: v5Case(huge) });
  const updated = () =>
    audit({ _id: '~h2', action: 'update', objectType: 'Case', _createdAt: T0 + 60_000, details: { status: 'InProgress', stage: 'InProgress' }, object: v5Case({ ...huge, status: 'InProgress', stage: 'InProgress' }) });
  const task = () =>
    audit({
      _id: '~h3',
      action: 'create',
      objectType: 'Task',
      objectId: '~77',
      _createdAt: T0 + 120_000,
      object: { _id: '~77', _type: 'Task', title: long(5000, 'Contain the host '), description: long(20_000, 'step '), group: 'containment', status: 'Waiting', order: 0 },
      context: v5Case({ ...huge, status: 'InProgress', stage: 'InProgress' }),
    });

  it('incoming webhook: the message is delivered (the stricter fake accepts it)', async () => {
    const hook = await slackWebhookFake().start();
    const harness = await startHarness({
      notifier: { name: 'huge-hook', type: 'slack', triggers: ['AnyEvent'], url: { secret: 'SLACK_WEBHOOK_URL' } },
      secrets: { SLACK_WEBHOOK_URL: `${hook.baseUrl}${SLACK_HOOK_PATH}` },
      thehiveUrl: THEHIVE_URL,
    });
    try {
      for (const event of [created(), updated(), task()]) expect(await harness.deliver(event)).toMatchObject({ kind: 'delivered', requests: 1 });
      expect(hook.requests).toHaveLength(3);
      const [first] = hook.requests;
      expect(first.json.text.length).toBeLessThanOrEqual(40_000);
      // the title and the description are cut, not dropped
      expect(JSON.stringify(first.json.blocks)).toContain('Exfiltration');
      expect(JSON.stringify(first.json.blocks)).toContain('Line with');
    } finally {
      await harness.stop();
      await hook.stop();
    }
  });

  it('bot token with controls: postMessage, chat.update and the thread reply are all accepted', async () => {
    const slack = await startSlackWebApiFake({ token: TOKEN, channels: ['C0HUGE'] });
    const harness = await startHarness({
      notifier: { name: 'huge-bot', type: 'slack', triggers: ['AnyEvent'], botToken: { secret: 'SLACK_BOT_TOKEN' }, channel: 'C0HUGE', follow: 'both', apiUrl: slack.apiUrl, interactive: true },
      secrets: { SLACK_BOT_TOKEN: TOKEN },
      thehiveUrl: THEHIVE_URL,
      config: { slack: { signingSecret: { secret: 'SLACK_SIGNING_SECRET' }, botToken: { secret: 'SLACK_BOT_TOKEN' }, allow: { teams: ['T0123456'] } } },
    });
    try {
      for (const event of [created(), updated(), task()]) expect(await harness.deliver(event)).toMatchObject({ kind: 'delivered' });
      expect(slack.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.update', '/api/chat.postMessage', '/api/chat.update', '/api/chat.postMessage']);
      const [root] = slack.messages.filter((m) => !m.thread_ts);
      expect(root.edits).toBe(2);
      expect(slack.threadReplies('C0HUGE', root.ts)).toHaveLength(2);
      expect(JSON.stringify(root.blocks)).toContain('Exfiltration');
    } finally {
      await harness.stop();
      await slack.stop();
    }
  });
});
