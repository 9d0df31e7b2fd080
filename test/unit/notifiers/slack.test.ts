import { describe, expect, it } from 'vitest';
import { slackNotifier } from '../../../shared/notifiers/slack.js';
import { slackNotifierSchema, type SlackNotifierConfig } from '../../../shared/notifiers/schemas/slack.js';
import type { OutboundRequest } from '../../../shared/notifiers/types.js';
import { caseMessageBlocks } from '../../../shared/slack/blocks.js';
import { caseActions } from '../../../shared/slack/actions.js';
import { templateVariables } from '../../../shared/templates/render.js';
import { alertLife, caseLife, context, T0, THEHIVE_URL, v4 } from './fixtures.js';

const HOOK = 'https://hooks.slack.com/services/T0/B0/hooktoken123456';
const TOKEN = 'xoxb-1-secret-bot-token';
const secrets = { SLACK_HOOK: HOOK, SLACK_BOT: TOKEN };

const config = (over: Record<string, unknown>): SlackNotifierConfig =>
  slackNotifierSchema.parse({ name: 'soc-slack', type: 'slack', triggers: ['AnyEvent'], ...over }) as SlackNotifierConfig;
const webhook = config({ url: { secret: 'SLACK_HOOK' } });
const bot = (over: Record<string, unknown> = {}) => config({ botToken: { secret: 'SLACK_BOT' }, channel: 'C0123456', ...over });
const body = (request: OutboundRequest) => JSON.parse(request.body!);
const ok = (json: unknown, headers: Record<string, string> = {}) => ({ status: 200, headers, body: JSON.stringify(json) });
const allText = (value: unknown) => JSON.stringify(value);

describe('slack notifier: incoming webhook', () => {
  it('posts a Block Kit message with a plain-text fallback to the secret URL', () => {
    const [request, ...rest] = slackNotifier.render(caseLife.created(), webhook, context(secrets));
    expect(rest).toEqual([]);
    expect(request).toMatchObject({ key: 'webhook', method: 'POST', url: HOOK, headers: { 'content-type': 'application/json' }, timeoutMs: 10_000 });
    const message = body(request);
    expect(message.text).toBe('New case #7: Phishing campaign against finance (HIGH)');
    expect(message.blocks[0].text.text).toContain(`<${THEHIVE_URL}/cases/~41/details|New case #7>`);
    const fields = message.blocks[1].fields.map((f: { text: string }) => f.text);
    expect(fields).toEqual(['*Severity*\nHIGH', '*TLP*\nAMBER', '*PAP*\nAMBER', '*Status*\nNew', '*Tags*\n`phishing` `finance`']);
    expect(message.blocks[2].text.text).toContain('validate');
    expect(allText(message)).not.toContain('hooktoken');
  });

  it('shows what changed on an update, and the assignee', () => {
    const message = body(slackNotifier.render(caseLife.inProgress(), webhook, context(secrets))[0]);
    expect(message.blocks[0].text.text).toContain('Case #7 assigned to bob@corp');
    expect(message.blocks[0].text.text).toContain('status → *InProgress*');
    expect(allText(message.blocks[1])).toContain('*Assignee*\\nbob@corp');
  });

  it('labels TheHive 4 TLP 3 as RED and escapes Slack control characters', () => {
    const event = v4.caseCreated();
    event.object!.title = 'a <b> & c';
    const message = body(slackNotifier.render(event, webhook, context(secrets))[0]);
    expect(allText(message.blocks[1])).toContain('*TLP*\\nRED');
    expect(message.blocks[0].text.text).toContain('a &lt;b&gt; &amp; c');
    expect(message.text).toContain('a &lt;b&gt; &amp; c');
  });

  it('maps answers: 200 ok delivered, 429 waits Retry-After, 5xx retries, 4xx is permanent without the URL', () => {
    const [request] = slackNotifier.render(caseLife.created(), webhook, context(secrets));
    expect(slackNotifier.outcome({ status: 200, headers: {}, body: 'ok' }, request)).toEqual({ kind: 'delivered' });
    expect(slackNotifier.outcome({ status: 429, headers: { 'retry-after': '7' }, body: '' }, request)).toMatchObject({ kind: 'retry', afterSeconds: 7 });
    expect(slackNotifier.outcome({ status: 500, headers: {}, body: 'rollup_error' }, request)).toMatchObject({ kind: 'retry', reason: 'Slack webhook answered 500: rollup_error' });
    const gone = slackNotifier.outcome({ status: 404, headers: {}, body: `no_service ${HOOK}` }, request);
    expect(gone).toMatchObject({ kind: 'permanent' });
    expect(gone.kind === 'permanent' && gone.reason).toContain('no_service');
    expect(gone.kind === 'permanent' && gone.reason).not.toContain('hooktoken123456');
  });

  it('uses a text template as the message text, a JSON template as the payload', () => {
    const text = config({ url: { secret: 'SLACK_HOOK' }, template: 'Case {{object.number}} by {{audit._createdBy}}' });
    expect(body(slackNotifier.render(caseLife.created(), text, context(secrets))[0])).toEqual({ text: 'Case 7 by alice@corp' });
    const json = config({ url: { secret: 'SLACK_HOOK' }, template: '{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"{{object.title}} \\"quoted\\""}}]}' });
    const message = body(slackNotifier.render(caseLife.created(), json, context(secrets))[0]);
    expect(message.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Phishing campaign against finance "quoted"' } }]);
    expect(message.text).toContain('New case #7');
  });
});

describe('slack notifier: bot token follows the case', () => {
  const deliver = (request: OutboundRequest, answer: Record<string, unknown>) => slackNotifier.outcome(ok({ ok: true, ...answer }), request);

  it('keys its memory on the case, for the case and its children', () => {
    expect(slackNotifier.memoryKey!(caseLife.created(), bot())).toBe('~41');
    expect(slackNotifier.memoryKey!(caseLife.taskCreated(), bot())).toBe('~41');
    expect(slackNotifier.memoryKey!(caseLife.created(), webhook)).toBeUndefined();
  });

  it('posts first, then updates the message and replies in its thread, never letting an older event overwrite', () => {
    const ctx = (memory?: Record<string, unknown>) => context(secrets, memory);
    // created: chat.postMessage
    const [post, ...none] = slackNotifier.render(caseLife.created(), bot(), ctx());
    expect(none).toEqual([]);
    expect(post).toMatchObject({ key: 'post', method: 'POST', url: 'https://slack.com/api/chat.postMessage' });
    expect(post.headers).toEqual({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' });
    expect(body(post)).toMatchObject({ channel: 'C0123456', unfurl_links: false });
    const first = deliver(post, { channel: 'C0123456', ts: '1700000001.000100' });
    expect(first).toEqual({ kind: 'delivered', remember: { channel: 'C0123456', ts: '1700000001.000100', lastEventAt: T0 } });
    let memory = first.kind === 'delivered' ? first.remember : undefined;

    // in progress: chat.update of that message + a thread note
    const [update, thread] = slackNotifier.render(caseLife.inProgress(), bot(), ctx(memory));
    expect(update).toMatchObject({ key: 'update', url: 'https://slack.com/api/chat.update' });
    expect(body(update)).toMatchObject({ channel: 'C0123456', ts: '1700000001.000100' });
    expect(allText(body(update).blocks)).toContain('*Status*\\nInProgress');
    expect(thread).toMatchObject({ key: 'thread', url: 'https://slack.com/api/chat.postMessage' });
    expect(body(thread)).toMatchObject({ channel: 'C0123456', thread_ts: '1700000001.000100' });
    expect(body(thread).text).toContain('assigned to bob@corp');
    const updated = deliver(update, { channel: 'C0123456', ts: '1700000001.000100' });
    expect(updated).toEqual({ kind: 'delivered', remember: { channel: 'C0123456', ts: '1700000001.000100', lastEventAt: caseLife.inProgress()._createdAt } });
    expect(deliver(thread, { channel: 'C0123456', ts: '1700000002.000100' })).toEqual({ kind: 'delivered' });

    // closed, then an older (task) event arrives late: only a thread note, the message keeps "closed"
    memory = { channel: 'C0123456', ts: '1700000001.000100', lastEventAt: caseLife.closed()._createdAt };
    const late = slackNotifier.render(caseLife.taskCreated(), bot(), ctx(memory));
    expect(late.map((r) => r.key)).toEqual(['thread']);
    expect(body(late[0]).text).toContain('New task in case #7: Block the sender domain');
    expect(slackNotifier.render(caseLife.taskCreated(), bot({ follow: 'update' }), ctx(memory))).toEqual([]);
  });

  it('follow: thread never edits; follow: update never replies', () => {
    const memory = { channel: 'C0123456', ts: '1.1', lastEventAt: T0 };
    expect(slackNotifier.render(caseLife.closed(), bot({ follow: 'thread' }), context(secrets, memory)).map((r) => r.key)).toEqual(['thread']);
    expect(slackNotifier.render(caseLife.closed(), bot({ follow: 'update' }), context(secrets, memory)).map((r) => r.key)).toEqual(['update']);
  });

  it('notes a TheHive 4 child event (no case in it) in the thread rather than redrawing the case message', () => {
    const memory = { channel: 'C0123456', ts: '1.1', lastEventAt: T0 };
    const requests = slackNotifier.render(v4.taskCreated(), bot({ follow: 'update' }), context(secrets, memory));
    expect(requests.map((r) => r.key)).toEqual(['thread']);
  });

  it('maps Web API answers by `ok`, not by status', () => {
    const [post] = slackNotifier.render(caseLife.created(), bot(), context(secrets));
    expect(slackNotifier.outcome(ok({ ok: false, error: 'channel_not_found' }), post)).toEqual({ kind: 'permanent', reason: 'Slack chat.postMessage failed: channel_not_found' });
    expect(slackNotifier.outcome(ok({ ok: false, error: 'invalid_auth' }), post)).toMatchObject({ kind: 'permanent' });
    expect(slackNotifier.outcome(ok({ ok: false, error: 'internal_error' }), post)).toMatchObject({ kind: 'retry' });
    expect(slackNotifier.outcome({ status: 429, headers: { 'retry-after': '30' }, body: '' }, post)).toMatchObject({ kind: 'retry', afterSeconds: 30 });
    expect(slackNotifier.outcome({ status: 503, headers: {}, body: 'down' }, post)).toMatchObject({ kind: 'retry' });
    const reason = JSON.stringify(slackNotifier.outcome({ status: 401, headers: {}, body: `bad token ${TOKEN}` }, post));
    expect(reason).not.toContain(TOKEN);
  });

  it('overrides the API base URL', () => {
    const [post] = slackNotifier.render(caseLife.created(), bot({ apiUrl: 'http://127.0.0.1:9/api/' }), context(secrets));
    expect(post.url).toBe('http://127.0.0.1:9/api/chat.postMessage');
  });
});

describe('slack case message controls', () => {
  const variables = (event = caseLife.inProgress()) => templateVariables(event, { thehiveUrl: THEHIVE_URL });

  it('adds status, severity, TLP and PAP selects and the case buttons, all carrying case:<id>', () => {
    const blocks = caseMessageBlocks(variables(), { interactive: true });
    const actions = blocks.find((b) => b.type === 'actions') as any;
    // a new block_id for each iteration of the message (Slack caches select state by block_id)
    expect(actions.block_id).toMatch(/^case:~41:/);
    const ids = actions.elements.map((e: any) => e.action_id);
    expect(ids).toEqual([caseActions.status, caseActions.severity, caseActions.tlp, caseActions.pap, caseActions.assignToMe, caseActions.addTask, caseActions.close, caseActions.openInTheHive]);
    const byId = Object.fromEntries(actions.elements.map((e: any) => [e.action_id, e]));
    expect(byId[caseActions.severity].initial_option.value).toBe('3');
    expect(byId[caseActions.status].initial_option.value).toBe('InProgress');
    expect(byId[caseActions.tlp].options.map((o: any) => o.text.text)).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
    for (const button of actions.elements.filter((e: any) => e.type === 'button')) expect(button.value).toBe('case:~41');
    expect(byId[caseActions.openInTheHive].url).toBe(`${THEHIVE_URL}/cases/~41/details`);
    expect(byId[caseActions.close].style).toBe('danger');
  });

  it('has no controls when not interactive, and only the link once the case is closed', () => {
    expect(caseMessageBlocks(variables(), { interactive: false }).some((b) => b.type === 'actions')).toBe(false);
    const closed = caseMessageBlocks(variables(caseLife.closed()), { interactive: true }).find((b) => b.type === 'actions') as any;
    expect(closed.elements.map((e: any) => e.action_id)).toEqual([caseActions.openInTheHive]);
  });

  it('shows the case (from the event context) for a child event, with what happened last', () => {
    const blocks = caseMessageBlocks(variables(caseLife.taskCreated()), { interactive: false });
    expect(allText(blocks[0])).toContain('Case #7: Phishing campaign against finance');
    expect(allText(blocks.at(-1))).toContain('New task in case #7');
  });

  it('titles an alert message as an alert, without case controls', () => {
    const blocks = caseMessageBlocks(templateVariables(alertLife.created(), { thehiveUrl: THEHIVE_URL }), { interactive: true });
    expect(allText(blocks[0])).toContain(`<${THEHIVE_URL}/alerts/~900/details|Alert: Impossible travel for j.doe>`);
    expect(allText(blocks)).not.toContain(caseActions.close);
  });

  it('sends the interactive message with the bot notifier', () => {
    const [post] = slackNotifier.render(caseLife.created(), bot({ interactive: true }), context(secrets));
    expect(allText(body(post).blocks)).toContain(caseActions.assignToMe);
  });
});

describe('slack limits', () => {
  it('cuts a long description within the section limit, with a marker', () => {
    const event = caseLife.created();
    event.object!.description = 'x'.repeat(10_000);
    const message = body(slackNotifier.render(event, webhook, context(secrets))[0]);
    for (const block of message.blocks) if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expect(message.blocks[2].text.text).toMatch(/… \(truncated\)$/);
  });

  it('fits a template with too many blocks, long header, too many fields, long text', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(400) } },
      { type: 'section', fields: Array.from({ length: 14 }, (_, i) => ({ type: 'mrkdwn', text: `${i}`.repeat(2500) })) },
      ...Array.from({ length: 60 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `block ${i}` } })),
    ];
    const template = JSON.stringify({ text: 'y'.repeat(50_000), blocks });
    const message = body(slackNotifier.render(caseLife.created(), config({ url: { secret: 'SLACK_HOOK' }, template }), context(secrets))[0]);
    expect(message.blocks).toHaveLength(50);
    expect(message.blocks[0].text.text).toHaveLength(150);
    expect(message.blocks[0].text.text.endsWith('… (truncated)')).toBe(true);
    expect(message.blocks[1].fields).toHaveLength(10);
    expect(message.blocks[1].fields[0].text).toHaveLength(2000);
    expect(message.blocks[49].elements[0].text).toBe('… (13 more blocks truncated)');
    expect(message.text.length).toBe(4000);
  });

  it('keeps a text-only message up to 40,000 characters', () => {
    const message = body(slackNotifier.render(caseLife.created(), config({ url: { secret: 'SLACK_HOOK' }, template: '{{object.description}}' }), context(secrets))[0]);
    expect(message.text.length).toBeLessThan(40_000);
    const long = caseLife.created();
    long.object!.description = 'z'.repeat(45_000);
    const cut = body(slackNotifier.render(long, config({ url: { secret: 'SLACK_HOOK' }, template: '{{object.description}}' }), context(secrets))[0]);
    expect(cut.text).toHaveLength(40_000);
  });
});

describe('slack config', () => {
  it('names the field when the config is incomplete or contradictory', () => {
    const issues = (over: Record<string, unknown>) =>
      slackNotifierSchema.safeParse({ name: 'x', type: 'slack', triggers: ['AnyEvent'], ...over }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({})).toEqual(['url: expected url (incoming webhook) or botToken (Web API)']);
    expect(issues({ botToken: { secret: 'B' } })).toEqual(['channel: expected the channel ID to post to (required with botToken)']);
    expect(issues({ url: { secret: 'U' }, interactive: true })).toEqual(['interactive: needs botToken: controls need the Web API']);
    expect(issues({ botToken: { secret: 'B' }, channel: 'C1', follow: 'never' })?.[0]).toMatch(/^follow:/);
  });
});

describe('slack case message without a TheHive URL', () => {
  it('leaves out the actions block of a closed case rather than sending it empty', () => {
    const blocks = caseMessageBlocks(templateVariables(caseLife.closed(), {}), { interactive: true });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks[0])).toContain('*Case #7: Phishing campaign against finance*');
  });
});
