import { describe, expect, it } from 'vitest';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import { handleSlackInteraction, type InteractionDeps } from '../../../shared/slack/interactions.js';
import { cachedUserGroups } from '../../../shared/slack/authorise.js';
import { caseActions, caseDialogs } from '../../../shared/slack/actions.js';
import { encodeDialogContext } from '../../../shared/slack/dialogs.js';
import { CHANNEL, MESSAGE_TS, SIGNING_SECRET, TEAM, USER, blockActions, date, formBody, input, select, signedHeaders, userPick, viewSubmission } from './fixtures.js';
import { fixedClock, memoryQueue, recordingLog, stubSlack } from './memory.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const QUEUE = 'http://127.0.0.1:1/queue/slack-actions';

function setup(overrides: Partial<InteractionDeps> = {}, options: { failSend?: boolean; groups?: Record<string, string[]>; failViews?: boolean } = {}) {
  const q = memoryQueue({ failSend: options.failSend });
  const slack = stubSlack({ groups: options.groups, fail: options.failViews ? { viewsOpen: new Error('expired_trigger_id') } : {} });
  const { log, entries } = recordingLog();
  const clock = fixedClock(NOW);
  const metrics = new InMemoryMetrics();
  const deps: InteractionDeps = {
    allow: { teams: [TEAM] },
    thehiveVersion: 5,
    signingSecret: SIGNING_SECRET,
    slack: slack.api,
    groups: cachedUserGroups((g) => slack.api.usergroupsUsersList(g), clock),
    queue: q.queue,
    actionsQueueUrl: QUEUE,
    clock,
    log,
    metrics,
    ...overrides,
  };
  const send = (payload: unknown, opts: { signedAt?: number; secret?: string; headers?: Record<string, string | undefined> } = {}) => {
    const body = typeof payload === 'string' ? payload : formBody(payload);
    const headers = { ...signedHeaders(body, opts.signedAt ?? NOW, opts.secret), ...opts.headers };
    return handleSlackInteraction({ headers, rawBody: body }, deps);
  };
  return { send, queued: () => q.bodies(QUEUE), slack, entries, metrics };
}

const severity = (value: string | null, extra = {}) => blockActions({ actionId: caseActions.severity, blockId: 'case:~42', selected: value, ...extra });

describe('POST /slack/interactions: verification', () => {
  it('refuses a forged signature with 401 and a JSON body naming the header, with no Slack call and nothing queued', async () => {
    const { send, queued, slack } = setup();
    const reply = await send(severity('3'), { secret: 'not-the-signing-secret' });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body)).toEqual({ error: 'X-Slack-Signature: does not match the request', field: 'x-slack-signature' });
    expect(queued()).toEqual([]);
    expect(slack.calls).toEqual([]);
  });

  it('refuses missing headers and stale or future timestamps with 401', async () => {
    const { send, queued } = setup();
    expect((await send(severity('3'), { headers: { 'x-slack-signature': undefined } })).status).toBe(401);
    const noTimestamp = await send(severity('3'), { headers: { 'x-slack-request-timestamp': undefined } });
    expect(JSON.parse(noTimestamp.body).field).toBe('x-slack-request-timestamp');
    const stale = await send(severity('3'), { signedAt: NOW - 6 * 60_000 });
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.body).error).toMatch(/older than 300 seconds/);
    expect((await send(severity('3'), { signedAt: NOW + 6 * 60_000 })).status).toBe(401);
    expect(queued()).toEqual([]);
  });

  it('reads the signature headers whatever their case', async () => {
    const { send, queued } = setup();
    const body = formBody(severity('3'));
    const headers = signedHeaders(body, NOW);
    const reply = await send(body, {
      headers: { 'x-slack-signature': undefined, 'x-slack-request-timestamp': undefined, 'X-Slack-Signature': headers['x-slack-signature'], 'X-Slack-Request-Timestamp': headers['x-slack-request-timestamp'] },
    });
    expect(reply.status).toBe(200);
    expect(queued()).toHaveLength(1);
  });

  it('answers 400 naming the field when the signed body is not an interaction', async () => {
    const { send } = setup();
    const reply = await send('text=hello');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: 'payload: expected a form field holding the interaction JSON', field: 'payload' });
  });

  it('refuses another workspace with 403, without any Slack call', async () => {
    const { send, queued, slack, entries } = setup();
    const reply = await send(severity('3', { team: 'T0FOREIGN', userTeam: 'T0FOREIGN' }));
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ field: 'payload.team.id' });
    expect(queued()).toEqual([]);
    expect(slack.calls).toEqual([]);
    expect(entries.some((e) => e.level === 'warn' && e.attributes?.slackTeam === 'T0FOREIGN')).toBe(true);
  });

  it('refuses a Slack Connect user from another organisation in a shared channel, though the message is in an allowed workspace', async () => {
    // Slack Connect: `team` is the workspace of the app that posted the message, `user.team_id` the clicker's own
    const { send, queued, slack, entries, metrics } = setup();
    const reply = await send(severity('3', { team: TEAM, userTeam: 'T0PARTNER' }));
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body)).toEqual({ error: 'Slack workspace T0PARTNER is not allowed to act on TheHive cases', field: 'payload.user.team_id' });
    expect(metrics.get('SlackInteractionRejected', { reason: 'team' })).toBe(1);
    expect(queued()).toEqual([]);
    expect(slack.calls).toEqual([]);
    expect(entries.some((e) => e.level === 'warn' && e.attributes?.slackTeam === 'T0PARTNER')).toBe(true);

    const submission = viewSubmission({
      callbackId: caseDialogs.close,
      privateMetadata: encodeDialogContext({ caseId: '~42', channel: CHANNEL, messageTs: MESSAGE_TS }),
      values: { close_resolution: { input: select('TruePositive') }, close_impact: { input: select('NoImpact') }, close_summary: { input: input('done') } },
      userTeam: 'T0PARTNER',
    });
    const refused = await send(submission);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).field).toBe('payload.user.team_id');
    expect(queued()).toEqual([]);
  });

  it('accepts a user of another allowed workspace, and records the user\'s own workspace as the actor\'s', async () => {
    const { send, queued } = setup({ allow: { teams: [TEAM, 'T0SISTER'] } });
    expect((await send(severity('3', { team: TEAM, userTeam: 'T0SISTER' }))).status).toBe(200);
    expect(queued()[0].actor).toMatchObject({ teamId: 'T0SISTER', userId: USER });
  });

  it('accepts an Enterprise Grid user whose team_id is the enterprise of an allowed workspace, and no other enterprise', async () => {
    const { send, queued } = setup();
    expect((await send(severity('3', { team: TEAM, userTeam: 'E0ORG', enterprise: 'E0ORG' }))).status).toBe(200);
    expect(queued()).toHaveLength(1);
    const other = await send(severity('3', { team: TEAM, userTeam: 'E0OTHER', enterprise: 'E0ORG' }));
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).field).toBe('payload.user.team_id');
    // the enterprise id alone does not stand for a workspace that is not allowed
    const foreign = await send(severity('3', { team: 'T0FOREIGN', userTeam: 'E0ORG', enterprise: 'E0ORG' }));
    expect(JSON.parse(foreign.body).field).toBe('payload.team.id');
    expect(queued()).toHaveLength(1);
  });

  it('counts each refusal as SlackInteractionRejected by reason, and nothing it accepts', async () => {
    const { send, metrics } = setup();
    await send(severity('3'), { secret: 'not-the-signing-secret' });
    await send(severity('3'), { headers: { 'x-slack-signature': undefined } });
    await send(severity('3'), { headers: { 'x-slack-request-timestamp': 'yesterday' } });
    await send(severity('3'), { signedAt: NOW - 6 * 60_000 });
    await send(severity('3'), { signedAt: NOW + 6 * 60_000 });
    await send('text=hello');
    await send('payload=%7Bnot-json');
    await send(severity('3', { team: 'T0FOREIGN', userTeam: 'T0FOREIGN' }));
    expect(metrics.get('SlackInteractionRejected')).toBe(8);
    expect(metrics.get('SlackInteractionRejected', { reason: 'signature' })).toBe(3);
    expect(metrics.get('SlackInteractionRejected', { reason: 'stale' })).toBe(2);
    expect(metrics.get('SlackInteractionRejected', { reason: 'payload' })).toBe(2);
    expect(metrics.get('SlackInteractionRejected', { reason: 'team' })).toBe(1);
    expect((await send(severity('3'))).status).toBe(200);
    expect(metrics.get('SlackInteractionRejected')).toBe(8);
  });
});

describe('POST /slack/interactions: buttons and selects', () => {
  it('queues a severity change and acks with an empty 200', async () => {
    const { send, queued } = setup();
    const reply = await send(severity('3'));
    expect(reply).toEqual({ status: 200, headers: {}, body: '' });
    const [message] = queued();
    expect(message).toMatchObject({
      v: 1,
      caseId: '~42',
      change: { kind: 'severity', value: 3 },
      actor: { teamId: TEAM, userId: USER, userName: 'analyst' },
      channel: CHANNEL,
      messageTs: MESSAGE_TS,
      requestedAt: NOW,
    });
    expect(message.id).toMatch(new RegExp(`^${TEAM}:`));
  });

  it('queues status, TLP, PAP (labels or numbers) and assign-to-me', async () => {
    const { send, queued } = setup();
    await send(blockActions({ actionId: caseActions.status, blockId: 'case:~42', selected: 'InProgress' }));
    await send(blockActions({ actionId: caseActions.tlp, blockId: 'case:~42', selected: 'AMBER+STRICT' }));
    await send(blockActions({ actionId: caseActions.pap, blockId: 'case:~42', selected: '1' }));
    await send(blockActions({ actionId: caseActions.assignToMe, value: 'case:~42' }));
    expect(queued().map((m) => m.change)).toEqual([
      { kind: 'status', value: 'InProgress' },
      { kind: 'tlp', value: 3 },
      { kind: 'pap', value: 1 },
      { kind: 'assignToMe' },
    ]);
  });

  it('tells the user privately about an unknown action, a missing case or a bad value, and queues nothing', async () => {
    const { send, queued, slack } = setup();
    for (const payload of [
      blockActions({ actionId: 'case_delete', value: 'case:~42' }),
      blockActions({ actionId: caseActions.assignToMe, value: 'alert:~42' }),
      blockActions({ actionId: caseActions.assignToMe }),
      severity('9'),
      blockActions({ actionId: caseActions.status, blockId: 'case:~42', selected: '<b>' }),
    ]) {
      expect((await send(payload)).status).toBe(200);
    }
    expect(queued()).toEqual([]);
    const ephemerals = slack.of('chatPostEphemeral');
    expect(ephemerals).toHaveLength(5);
    expect(ephemerals.every((e) => e.channel === CHANNEL && e.user === USER)).toBe(true);
    expect(ephemerals[0].text).toMatch(/Unknown action `case_delete`/);
    expect(ephemerals[1].text).toMatch(/names no TheHive case/);
    expect(ephemerals[3].text).toMatch(/not a severity value/);
  });

  it('does nothing for a cleared select or the link to TheHive', async () => {
    const { send, queued, slack } = setup();
    expect((await send(severity(null))).status).toBe(200);
    expect((await send(blockActions({ actionId: caseActions.openInTheHive, value: 'case:~42' }))).status).toBe(200);
    expect(queued()).toEqual([]);
    expect(slack.calls).toEqual([]);
  });

  it('refuses other channels and users outside the allowed groups with an ephemeral message', async () => {
    const channels = setup({ allow: { teams: [TEAM], channels: ['C0OTHER'] } });
    await channels.send(severity('3'));
    expect(channels.queued()).toEqual([]);
    expect(channels.slack.of('chatPostEphemeral')[0].text).toMatch(/not allowed from this channel/);

    const groups = setup({ allow: { teams: [TEAM], userGroups: ['S0SOC'] } }, { groups: { S0SOC: ['U0SOMEONE'] } });
    await groups.send(severity('3'));
    expect(groups.queued()).toEqual([]);
    expect(groups.slack.of('chatPostEphemeral')[0].text).toMatch(/not in a user group/);

    const member = setup({ allow: { teams: [TEAM], userGroups: ['S0SOC'] } }, { groups: { S0SOC: [USER] } });
    await member.send(severity('3'));
    expect(member.queued()).toHaveLength(1);
  });

  it("posts the message to the payload's response_url when it cannot post an ephemeral, and still acks with an empty 200", async () => {
    // Slack ignores the body of a block_actions answer: the response_url is the way left to reach the user
    const q = setup({ allow: { teams: [TEAM], userGroups: ['S0SOC'] } }, { groups: { S0SOC: ['U0OTHER'] } });
    q.slack.api.chatPostEphemeral = async () => Promise.reject(new Error('Slack chat.postEphemeral: user_not_in_channel'));
    const reply = await q.send(blockActions({ actionId: caseActions.assignToMe, value: 'case:~42', responseUrl: 'https://hooks.slack.com/actions/T0ALLOWED/1/abc' }));
    expect(reply).toEqual({ status: 200, headers: {}, body: '' });
    const [responded] = q.slack.of('respond');
    expect(responded).toMatchObject({ responseUrl: 'https://hooks.slack.com/actions/T0ALLOWED/1/abc', text: 'You are not in a user group allowed to act on TheHive cases.' });
    // best effort inside Slack's 3 seconds
    expect(responded.timeoutMs).toBeGreaterThan(0);
    expect(responded.timeoutMs).toBeLessThanOrEqual(1000);
    expect(q.queued()).toEqual([]);
  });

  it('still acks with an empty 200 when the response_url fails too, or the payload has none', async () => {
    const q = setup();
    q.slack.api.chatPostEphemeral = async () => Promise.reject(new Error('channel_not_found'));
    q.slack.api.respond = async () => Promise.reject(new Error('Slack response_url: http_404'));
    expect(await q.send(blockActions({ actionId: 'nope', value: 'case:~42' }))).toEqual({ status: 200, headers: {}, body: '' });
    expect(q.entries.some((e) => e.level === 'warn' && /response_url/.test(String(e.attributes?.error)))).toBe(true);
    const none = setup();
    none.slack.api.chatPostEphemeral = async () => Promise.reject(new Error('channel_not_found'));
    const { response_url: _dropped, ...withoutUrl } = blockActions({ actionId: 'nope', value: 'case:~42' });
    expect(await none.send(withoutUrl)).toEqual({ status: 200, headers: {}, body: '' });
    expect(none.slack.of('respond')).toEqual([]);
  });

  it('refuses a case the relay did not post this message for', async () => {
    const asked: unknown[] = [];
    const { send, queued, slack } = setup({ knownCase: async (...args) => (asked.push(args), false) });
    await send(severity('3'));
    expect(asked).toEqual([['~42', CHANNEL, MESSAGE_TS]]);
    expect(queued()).toEqual([]);
    expect(slack.of('chatPostEphemeral')[0].text).toMatch(/not known to the relay/);
  });

  it('tells the user when the action cannot be queued', async () => {
    const { send, slack, entries } = setup({}, { failSend: true });
    expect((await send(severity('3'))).status).toBe(200);
    expect(slack.of('chatPostEphemeral')[0].text).toMatch(/could not take the action/);
    expect(entries.some((e) => e.level === 'error')).toBe(true);
  });
});

describe('POST /slack/interactions: dialogs', () => {
  it('opens the Add task dialog inside the request with the trigger id, queuing nothing', async () => {
    const { send, queued, slack } = setup();
    const payload = blockActions({ actionId: caseActions.addTask, value: 'case:~42', triggerId: 'trigger-add-1' });
    expect(await send(payload)).toEqual({ status: 200, headers: {}, body: '' });
    const [opened] = slack.of('viewsOpen');
    expect(opened.triggerId).toBe('trigger-add-1');
    expect(opened.view.callback_id).toBe(caseDialogs.addTask);
    expect(JSON.parse(opened.view.private_metadata)).toEqual({ c: '~42', ch: CHANNEL, ts: MESSAGE_TS });
    expect(queued()).toEqual([]);
  });

  it('opens the Close case dialog with the closing values of the configured version', async () => {
    const { send, slack } = setup({ thehiveVersion: 4 });
    await send(blockActions({ actionId: caseActions.close, value: 'case:~42' }));
    const view = slack.of('viewsOpen')[0].view;
    expect(view.callback_id).toBe(caseDialogs.close);
    expect(view.blocks[1].label.text).toBe('Resolution');
  });

  it('tells the user when the dialog cannot be opened', async () => {
    const { send, slack } = setup({}, { failViews: true });
    await send(blockActions({ actionId: caseActions.close, value: 'case:~42' }));
    expect(slack.of('chatPostEphemeral')[0].text).toMatch(/Could not open the dialog/);
  });

  const metadata = encodeDialogContext({ caseId: '~42', channel: CHANNEL, messageTs: MESSAGE_TS });

  it('queues a valid Add task submission and clears the dialog', async () => {
    const { send, queued } = setup();
    const reply = await send(
      viewSubmission({
        callbackId: caseDialogs.addTask,
        privateMetadata: metadata,
        viewId: 'V0TASK',
        values: { task_title: { input: input('Reset passwords') }, task_due: { input: date('2026-12-01') }, task_assignee: { input: userPick('U0BOB') } },
      }),
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ response_action: 'clear' });
    expect(queued()).toEqual([
      expect.objectContaining({
        id: `${TEAM}:view:V0TASK`,
        caseId: '~42',
        channel: CHANNEL,
        messageTs: MESSAGE_TS,
        change: { kind: 'addTask', title: 'Reset passwords', dueDate: Date.UTC(2026, 11, 1, 23, 59, 59), assigneeSlackUser: 'U0BOB' },
      }),
    ]);
  });

  it('answers field errors for an invalid submission and queues nothing', async () => {
    const { send, queued } = setup();
    const reply = await send(viewSubmission({ callbackId: caseDialogs.close, privateMetadata: metadata, values: { close_resolution: { input: select('TruePositive') } } }));
    expect(JSON.parse(reply.body)).toEqual({ response_action: 'errors', errors: { close_impact: 'Pick the impact', close_summary: 'Write a short summary' } });
    expect(queued()).toEqual([]);
  });

  it('queues a valid Close case submission', async () => {
    const { send, queued } = setup();
    await send(
      viewSubmission({
        callbackId: caseDialogs.close,
        privateMetadata: metadata,
        values: { close_resolution: { input: select('TruePositive') }, close_impact: { input: select('WithImpact') }, close_summary: { input: input('Contained') } },
      }),
    );
    expect(queued()[0].change).toEqual({ kind: 'close', resolution: 'TruePositive', impact: 'WithImpact', summary: 'Contained' });
  });

  it('replaces an unknown, case-less or refused dialog with a notice and queues nothing', async () => {
    const { send, queued } = setup({ allow: { teams: [TEAM], channels: ['C0OTHER'] } });
    const unknown = await send(viewSubmission({ callbackId: 'dialog_delete', privateMetadata: metadata, values: {} }));
    expect(JSON.parse(unknown.body)).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: expect.stringMatching(/not one the relay knows/) } }] } });
    const caseless = await send(viewSubmission({ callbackId: caseDialogs.close, privateMetadata: 'garbage', values: {} }));
    expect(JSON.parse(caseless.body).view.blocks[0].text.text).toMatch(/names no TheHive case/);
    const refused = await send(viewSubmission({ callbackId: caseDialogs.close, privateMetadata: metadata, values: {} }));
    expect(JSON.parse(refused.body).view.blocks[0].text.text).toMatch(/not allowed from this channel/);
    expect(queued()).toEqual([]);
  });

  it('keeps the dialog open with an error when the action cannot be queued', async () => {
    const { send } = setup({}, { failSend: true });
    const reply = await send(viewSubmission({ callbackId: caseDialogs.addTask, privateMetadata: metadata, values: { task_title: { input: input('x') } } }));
    expect(JSON.parse(reply.body)).toEqual({ response_action: 'errors', errors: { task_title: expect.stringMatching(/submit again/) } });
  });

  it('acknowledges other interaction types from an allowed workspace', async () => {
    const { send, queued } = setup();
    expect(await send({ type: 'view_closed', team: { id: TEAM }, user: { id: USER } })).toEqual({ status: 200, headers: {}, body: '' });
    expect(queued()).toEqual([]);
  });
});
