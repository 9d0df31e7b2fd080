/**
 * Two-way Slack end to end over loopback: the local relay (same handlers as the Lambdas,
 * fauxqs, dynalite, pollers) between a fake Slack Web API and a fake TheHive API.
 * Each case message is posted by the Slack notifier itself (TheHive webhook → interactive
 * message), and the tests click its real controls with requests signed like Slack's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/load.js';
import { startLocalRelay, type LocalRelay } from '../../local/relay.js';
import { SLACK_ACTIONS_QUEUE_KEY } from '../../local/slack.js';
import { redrive } from '../../shared/dlq/dead-letters.js';
import { caseActions, caseDialogs } from '../../shared/slack/actions.js';
import { startFakeTheHive, type FakeTheHive } from '../fakes/thehive.js';
import { startSlackWebApiFake, type SlackWebApiFake, type StoredMessage } from '../fakes/slack-web-api.js';
import { blockActions, input, select, date, userPick, viewSubmission } from '../unit/slack/fixtures.js';
import { eventually, postInteraction, startHoldingProxy, type HoldingProxy } from '../integration/slack/harness.js';

const TEAM = 'T0SOC';
const CHANNEL = 'C0SOC';
const ANALYST = 'U0ANALYST';
const BOB = 'U0BOB';
/** her TheHive user has no email: its login is the address, as on TheHive 4 */
const CAROL = 'U0CAROL';
const SIGNING_SECRET = 'e2e-signing-secret';
const BOT_TOKEN = 'xoxb-e2e-bot-token';

let relay: LocalRelay;
let thehive: FakeTheHive;
let proxy: HoldingProxy;
let slack: SlackWebApiFake;
let interactionsUrl: string;

beforeAll(async () => {
  thehive = await startFakeTheHive();
  thehive.addUser('jane.doe', 'jane@example.org', 'Jane Doe');
  thehive.addUser('carol@example.org', undefined, 'Carol');
  proxy = await startHoldingProxy(thehive.baseUrl);
  slack = await startSlackWebApiFake({
    token: BOT_TOKEN,
    channels: [CHANNEL],
    users: [
      { id: ANALYST, name: 'jane', email: 'jane@example.org', teamId: TEAM },
      { id: BOB, name: 'bob', email: 'bob@example.org', teamId: TEAM },
      { id: CAROL, name: 'carol', email: 'carol@example.org', teamId: TEAM },
    ],
  });
  const config = parseConfig({
    ingest: { auth: { type: 'none' } },
    thehive: { url: proxy.url, apiKey: { secret: 'THEHIVE_API_KEY' }, version: 5 },
    notifiers: [
      { name: 'soc-slack', type: 'slack', triggers: ['CaseCreated'], botToken: { secret: 'SLACK_BOT_TOKEN' }, channel: CHANNEL, apiUrl: slack.apiUrl, interactive: true, follow: 'update' },
    ],
    slack: {
      signingSecret: { secret: 'SLACK_SIGNING_SECRET' },
      botToken: { secret: 'SLACK_BOT_TOKEN' },
      apiUrl: slack.apiUrl,
      allow: { teams: [TEAM] },
      maxReceiveCount: 2,
    },
  });
  relay = await startLocalRelay({
    config,
    port: 0,
    env: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, THEHIVE_API_KEY: thehive.apiKey },
    devCredentials: false,
    pollWaitSeconds: 1,
    // long enough that a held TheHive request is not redelivered meanwhile
    visibilitySeconds: 3,
    logLevel: process.env.E2E_LOG ? 'debug' : 'silent',
    write: (line) => process.stderr.write(`${line}\n`),
  });
  interactionsUrl = `${relay.url}/slack/interactions`;
});

afterAll(async () => {
  await relay?.stop();
  await proxy?.stop();
  await thehive?.stop();
  await slack?.stop();
});

beforeEach(() => {
  proxy.up();
  proxy.release();
});

interface CaseMessage {
  caseId: string;
  message: StoredMessage;
  /** the message's controls, by action id */
  control(actionId: string): any;
  blockId: string;
}

/** A case in TheHive, announced by TheHive's webhook, posted by the Slack notifier with its controls. */
async function caseMessage(fields: Record<string, unknown> = {}): Promise<CaseMessage> {
  const caseId = thehive.addCase({ title: 'Phishing wave', severity: 2, tlp: 2, pap: 2, stage: 'New', ...fields });
  const theCase = thehive.cases.get(caseId)!;
  const webhook = {
    _id: `~audit${caseId}`,
    _type: 'Audit',
    _createdBy: 'erin@acme.example',
    _createdAt: Date.now(),
    action: 'create',
    mainAction: true,
    requestId: `req-${caseId}`,
    rootId: caseId,
    objectId: caseId,
    objectType: 'Case',
    details: {},
    object: theCase,
    organisation: 'soc',
    organisationId: '~1',
  };
  const response = await fetch(relay.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(webhook) });
  expect(response.status).toBeLessThan(300);
  const message = await eventually(() => slack.messages.find((m) => JSON.stringify(m.blocks ?? []).includes(`case:${caseId}`)), { what: 'the notifier posts the case message' });
  // the notifier remembers the message once Slack answered; a click comes after that
  await eventually(async () => ((await relay.state.get('MEM#soc-slack', caseId))?.memory as { ts?: string } | undefined)?.ts === message.ts, { what: 'the case → message record' });
  const controls = (message.blocks as any[]).find((b) => b.type === 'actions' && b.block_id?.startsWith(`case:${caseId}:`));
  expect(controls).toBeDefined();
  return {
    caseId,
    message,
    blockId: controls.block_id,
    control: (actionId) => controls.elements.find((e: any) => e.action_id === actionId),
  };
}

/** A click on one of the message's controls, as Slack sends it. */
function click(target: CaseMessage, actionId: string, options: { selected?: string; user?: string; team?: string } = {}) {
  const control = target.control(actionId);
  expect(control, `control ${actionId}`).toBeDefined();
  if (control.type === 'static_select') {
    expect(control.options.map((o: any) => o.value)).toContain(options.selected);
  }
  return blockActions({
    actionId,
    blockId: target.blockId,
    value: control.type === 'button' ? control.value : undefined,
    selected: control.type === 'static_select' ? options.selected : undefined,
    team: options.team ?? TEAM,
    userTeam: options.team ?? TEAM,
    user: options.user ?? ANALYST,
    channel: target.message.channel,
    ts: target.message.ts,
    // a last-resort reply goes to the fake, never to hooks.slack.com
    responseUrl: slack.responseUrl(),
  });
}

const send = (payload: unknown, options: { signedAt?: number; secret?: string } = {}) =>
  postInteraction(interactionsUrl, payload, { secret: options.secret ?? SIGNING_SECRET, signedAt: options.signedAt });

const patchesOf = (caseId: string) => thehive.requestsTo('PATCH', `/api/v1/case/${caseId}`).map((r) => r.json);
const threadOf = (target: CaseMessage) => slack.threadReplies(target.message.channel, target.message.ts).map((m) => m.text);
const ephemeralsFor = (user: string) => slack.ephemerals.filter((e) => e.user === user).map((e) => e.text);

async function updated(target: CaseMessage, edits = 1) {
  await eventually(() => target.message.edits >= edits && threadOf(target).length >= edits, { what: 'message updated and noted' });
}

describe('two-way Slack: actions end to end', () => {
  it('changes severity: TheHive is patched, the message is redrawn in place and the thread says who did what', async () => {
    const target = await caseMessage();
    const ack = await send(click(target, caseActions.severity, { selected: '3' }));
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    await updated(target);
    expect(patchesOf(target.caseId)).toEqual([{ severity: 3 }]);
    expect(thehive.cases.get(target.caseId)!.severity).toBe(3);
    const controls = (target.message.blocks as any[]).find((b) => b.type === 'actions');
    expect(controls.elements.find((e: any) => e.action_id === caseActions.severity).initial_option.value).toBe('3');
    // a new block_id on the redraw, still naming the case (Slack clients keep select state per block_id)
    expect(controls.block_id).not.toBe(target.blockId);
    expect(controls.block_id.startsWith(`case:${target.caseId}:`)).toBe(true);
    expect(JSON.stringify(target.message.blocks)).toContain('*Severity*\\nHIGH');
    expect(threadOf(target)).toEqual([`<@${ANALYST}> changed severity MEDIUM → HIGH`]);
  });

  it('changes status, TLP and PAP', async () => {
    const target = await caseMessage();
    await send(click(target, caseActions.status, { selected: 'InProgress' }));
    await updated(target, 1);
    await send(click(target, caseActions.tlp, { selected: '4' }));
    await updated(target, 2);
    await send(click(target, caseActions.pap, { selected: '1' }));
    await updated(target, 3);
    expect(patchesOf(target.caseId)).toEqual([{ status: 'InProgress' }, { tlp: 4 }, { pap: 1 }]);
    expect(threadOf(target)).toEqual([
      `<@${ANALYST}> changed status New → InProgress`,
      `<@${ANALYST}> changed TLP AMBER → RED`,
      `<@${ANALYST}> changed PAP AMBER → GREEN`,
    ]);
  });

  it('assigns to the TheHive user whose email matches the Slack user’s', async () => {
    const target = await caseMessage();
    await send(click(target, caseActions.assignToMe));
    await updated(target);
    expect(patchesOf(target.caseId)).toEqual([{ assignee: 'jane.doe' }]);
    expect(slack.calls('users.info').at(-1)).toEqual({ user: ANALYST });
    expect(thehive.requestsTo('POST', '/api/v1/query').at(-1)!.json.query[1]).toEqual({ _name: 'filter', _eq: { _field: 'email', _value: 'jane@example.org' } });
    expect(threadOf(target)).toEqual([`<@${ANALYST}> assigned the case to Jane Doe (jane.doe)`]);
  });

  it('assigns to the TheHive user whose login is the Slack email when no TheHive user has it as email', async () => {
    const target = await caseMessage();
    await send(click(target, caseActions.assignToMe, { user: CAROL }));
    await updated(target);
    expect(patchesOf(target.caseId)).toEqual([{ assignee: 'carol@example.org' }]);
    expect(thehive.requestsTo('GET', '/api/v1/user/').map((r) => r.path)).toContain('/api/v1/user/carol%40example.org');
    expect(threadOf(target)).toEqual([`<@${CAROL}> assigned the case to Carol (carol@example.org)`]);
  });

  it('refuses to assign when no TheHive user has the email or login, with a clear ephemeral message and the message unchanged', async () => {
    const target = await caseMessage();
    await send(click(target, caseActions.assignToMe, { user: BOB }));
    await eventually(() => ephemeralsFor(BOB).includes('No TheHive user has the email or login bob@example.org.'), { what: 'ephemeral refusal' });
    expect(patchesOf(target.caseId)).toEqual([]);
    expect(target.message.edits).toBe(0);
    expect(threadOf(target)).toEqual([]);
  });

  it('adds a task from the dialog: opened inside the request, submitted, created in TheHive', async () => {
    const target = await caseMessage();
    const opening = click(target, caseActions.addTask);
    const ack = await send(opening);
    expect(ack.status).toBe(200);
    // views.open happened before the ack, with the click's trigger_id
    const opened = slack.views.find((v) => v.trigger_id === opening.trigger_id);
    expect(opened?.view.callback_id).toBe(caseDialogs.addTask);
    const submitted = await send(
      viewSubmission({
        callbackId: opened!.view.callback_id,
        privateMetadata: opened!.view.private_metadata,
        team: TEAM,
        user: ANALYST,
        values: {
          task_title: { input: input('Reset phished passwords') },
          task_description: { input: input('Everyone on the recipient list') },
          task_due: { input: date('2099-01-31') },
          task_assignee: { input: userPick(ANALYST) },
        },
      }),
    );
    expect(submitted.json).toEqual({ response_action: 'clear' });
    await updated(target);
    expect(thehive.tasks.filter((t) => t.caseId === target.caseId)).toEqual([
      expect.objectContaining({ title: 'Reset phished passwords', description: 'Everyone on the recipient list', dueDate: Date.UTC(2099, 0, 31, 23, 59, 59), assignee: 'jane.doe' }),
    ]);
    expect(threadOf(target)).toEqual([`<@${ANALYST}> added task "Reset phished passwords", due 2099-01-31, assigned to jane.doe`]);
  });

  it('answers field errors for an invalid task, creating nothing', async () => {
    const target = await caseMessage();
    const opening = click(target, caseActions.addTask);
    await send(opening);
    const opened = slack.views.find((v) => v.trigger_id === opening.trigger_id)!;
    const submitted = await send(viewSubmission({ callbackId: caseDialogs.addTask, privateMetadata: opened.view.private_metadata, team: TEAM, values: { task_title: { input: input('') } } }));
    expect(submitted.json).toEqual({ response_action: 'errors', errors: { task_title: 'Enter a title' } });
    expect(thehive.tasks.filter((t) => t.caseId === target.caseId)).toEqual([]);
  });

  it('closes the case from the dialog with a TheHive 5 closed status, impact and summary', async () => {
    const target = await caseMessage();
    const opening = click(target, caseActions.close);
    await send(opening);
    const opened = slack.views.find((v) => v.trigger_id === opening.trigger_id)!;
    expect(opened.view.callback_id).toBe(caseDialogs.close);
    const submitted = await send(
      viewSubmission({
        callbackId: caseDialogs.close,
        privateMetadata: opened.view.private_metadata,
        team: TEAM,
        values: { close_resolution: { input: select('FalsePositive') }, close_impact: { input: select('NoImpact') }, close_summary: { input: input('Internal phishing drill') } },
      }),
    );
    expect(submitted.json).toEqual({ response_action: 'clear' });
    await updated(target);
    expect(patchesOf(target.caseId)).toEqual([{ status: 'FalsePositive', impactStatus: 'NoImpact', summary: 'Internal phishing drill' }]);
    expect(threadOf(target)).toEqual([`<@${ANALYST}> closed the case: False positive, no impact. Summary: Internal phishing drill`]);
  });

  it('shows TheHive’s refusal to the user and leaves the message as it was', async () => {
    const target = await caseMessage();
    thehive.answerNext(
      { status: 200, body: thehive.cases.get(target.caseId)! },
      { status: 400, body: { type: 'BadRequestError', message: 'Invalid value for status: InProgress' } },
    );
    await send(click(target, caseActions.status, { selected: 'InProgress' }));
    await eventually(() => ephemeralsFor(ANALYST).some((t) => t.includes('Invalid value for status')), { what: 'ephemeral with TheHive’s reason' });
    expect(target.message.edits).toBe(0);
    expect(threadOf(target)).toEqual([]);
    expect(await relay.queue.approximateCount(relay.queues[SLACK_ACTIONS_QUEUE_KEY].dlqUrl)).toBe(0);
  });
});

describe('two-way Slack: acknowledgement, outage and refusals', () => {
  it('acks before the work runs: the answer arrives while TheHive is still held', async () => {
    const target = await caseMessage();
    proxy.hold();
    const ack = await send(click(target, caseActions.severity, { selected: '4' }));
    expect(ack.status).toBe(200);
    // the worker has started and is waiting on TheHive; nothing has changed yet
    await eventually(() => proxy.held() > 0, { what: 'the act worker reaches TheHive' });
    expect(patchesOf(target.caseId)).toEqual([]);
    expect(target.message.edits).toBe(0);
    proxy.release();
    await updated(target);
    expect(patchesOf(target.caseId)).toEqual([{ severity: 4 }]);
  });

  it('parks the action in the DLQ with the reason during a TheHive outage, and applies it on redrive', async () => {
    const target = await caseMessage();
    const queues = relay.queues[SLACK_ACTIONS_QUEUE_KEY];
    proxy.down(503);
    await send(click(target, caseActions.severity, { selected: '1' }));
    const [letter] = await eventually(async () => {
      const received = await relay.queue.receive(queues.dlqUrl, { max: 1, waitSeconds: 1, visibilitySeconds: 1 });
      return received.length ? received : undefined;
    }, { what: 'a dead letter', timeoutMs: 25_000 });
    const dead = JSON.parse(letter.body);
    expect(dead.message).toMatchObject({ caseId: target.caseId, change: { kind: 'severity', value: 1 }, actor: { userId: ANALYST } });
    expect(dead.failure).toMatchObject({ status: 503, attempts: 2, permanent: false, reason: expect.stringMatching(/^gave up after 2 attempts: TheHive get case: HTTP 503/) });
    expect(patchesOf(target.caseId)).toEqual([]);
    expect(target.message.edits).toBe(0);
    await relay.queue.changeVisibility(queues.dlqUrl, letter.receiptHandle, 0);

    proxy.up();
    expect((await redrive(relay.queue, queues)).moved).toBe(1);
    await updated(target);
    expect(patchesOf(target.caseId)).toEqual([{ severity: 1 }]);
    expect(threadOf(target)).toEqual([`<@${ANALYST}> changed severity MEDIUM → LOW`]);
  });

  it('refuses forged, stale and foreign-workspace requests without any TheHive call, and counts each', async () => {
    const target = await caseMessage();
    const before = proxy.seen.length;
    const rejected = (reason?: string) => relay.metrics.get('SlackInteractionRejected', reason ? { reason } : undefined);
    const counted = { all: rejected(), signature: rejected('signature'), stale: rejected('stale'), payload: rejected('payload'), team: rejected('team') };
    const forged = await send(click(target, caseActions.severity, { selected: '4' }), { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    expect(forged.json).toEqual({ error: 'X-Slack-Signature: does not match the request', field: 'x-slack-signature' });
    const stale = await send(click(target, caseActions.severity, { selected: '4' }), { signedAt: Date.now() - 10 * 60_000 });
    expect(stale.status).toBe(401);
    expect(stale.json.field).toBe('x-slack-request-timestamp');
    const foreign = await send(click(target, caseActions.severity, { selected: '4', team: 'T0OTHER' }));
    expect(foreign.status).toBe(403);
    expect(foreign.json.field).toBe('payload.team.id');
    const unsigned = await postInteraction(interactionsUrl, click(target, caseActions.assignToMe), { secret: SIGNING_SECRET, headers: { 'x-slack-signature': undefined } });
    expect(unsigned.status).toBe(401);
    const notAnInteraction = await send('payload=%7Bnot-json');
    expect(notAnInteraction.status).toBe(400);
    expect(notAnInteraction.json).toMatchObject({ field: 'payload' });
    expect(rejected()).toBe(counted.all + 5);
    expect(rejected('signature')).toBe(counted.signature + 2);
    expect(rejected('stale')).toBe(counted.stale + 1);
    expect(rejected('payload')).toBe(counted.payload + 1);
    expect(rejected('team')).toBe(counted.team + 1);
    // an action queued by mistake is either still on the queue (visible or in flight) or was
    // processed, and the worker's first step is a TheHive call: both are checked
    expect(await relay.queue.approximateCount(relay.queues[SLACK_ACTIONS_QUEUE_KEY].queueUrl)).toBe(0);
    expect(proxy.seen.length).toBe(before);
    expect(target.message.edits).toBe(0);
  });

  it("reaches a user the bot cannot post an ephemeral to through the click's response_url, and acks with an empty 200", async () => {
    const target = await caseMessage();
    const before = proxy.seen.length;
    const stranger = 'U0STRANGER'; // unknown to chat.postEphemeral: user_not_found
    const responseUrl = slack.responseUrl('stranger');
    const reply = await send(blockActions({ actionId: 'case_delete', value: `case:${target.caseId}`, team: TEAM, userTeam: TEAM, user: stranger, channel: CHANNEL, ts: target.message.ts, responseUrl }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    expect(slack.responses.filter((r) => r.path === new URL(responseUrl).pathname)).toEqual([
      { path: new URL(responseUrl).pathname, body: { response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/^Unknown action `case_delete`/) } },
    ]);
    expect(ephemeralsFor(stranger)).toEqual([]);
    expect(proxy.seen.length).toBe(before);
  });

  it('refuses an unknown action and a case the message was not posted for, without any TheHive call', async () => {
    const target = await caseMessage();
    const other = await caseMessage();
    const before = proxy.seen.length;
    await send(blockActions({ actionId: 'case_delete', value: `case:${target.caseId}`, team: TEAM, userTeam: TEAM, user: ANALYST, channel: CHANNEL, ts: target.message.ts }));
    // a click naming another case than the one this message was posted for
    await send(blockActions({ actionId: caseActions.assignToMe, value: `case:${other.caseId}`, team: TEAM, userTeam: TEAM, user: ANALYST, channel: CHANNEL, ts: target.message.ts }));
    const texts = ephemeralsFor(ANALYST);
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/^Unknown action `case_delete`/), expect.stringMatching(new RegExp(`^Case \`${other.caseId}\` is not known to the relay`))]));
    expect(proxy.seen.length).toBe(before);
    expect(await relay.queue.approximateCount(relay.queues[SLACK_ACTIONS_QUEUE_KEY].queueUrl)).toBe(0);
  });
});
