import { describe, expect, it } from 'vitest';
import { performSlackAction, type ActDeps } from '../../../shared/slack/act.js';
import type { CaseChange, SlackActionMessage } from '../../../shared/slack/act-message.js';
import { SlackApiError } from '../../../shared/slack/client.js';
import { TheHiveError } from '../../../shared/thehive/errors.js';
import type { TheHiveCase } from '../../../shared/thehive/types.js';
import { CHANNEL, MESSAGE_TS, TEAM, USER } from './fixtures.js';
import { fixedClock, memoryCases, memoryState, recordingLog, stubSlack } from './memory.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const baseCase: TheHiveCase = { _id: '~42', number: 42, title: 'Phishing wave', status: 'New', severity: 2, tlp: 2, pap: 2 };
const jane = { _id: '~u1', login: 'jane@soc.example', name: 'Jane Doe', email: 'jane@example.org' };

function setup(options: { version?: 3 | 4 | 5; state?: boolean; slackFail?: NonNullable<Parameters<typeof stubSlack>[0]>['fail'] } = {}) {
  const thehive = memoryCases([baseCase], [jane]);
  const slack = stubSlack({
    users: [
      { id: USER, name: 'analyst', email: 'jane@example.org' },
      { id: 'U0BOB', name: 'bob', email: 'bob@example.org' },
      { id: 'U0NOMAIL', name: 'ghost' },
    ],
    fail: options.slackFail,
  });
  const { log, entries } = recordingLog();
  const state = options.state === false ? undefined : memoryState();
  const rendered: TheHiveCase[] = [];
  const deps: ActDeps = {
    thehive: thehive.api,
    slack: slack.api,
    version: options.version ?? 5,
    renderCase: (c) => {
      rendered.push(c);
      return { text: `#${c.number} ${c.title}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `severity ${c.severity} status ${c.status}` } }] };
    },
    clock: fixedClock(NOW),
    log,
    state,
  };
  return { deps, thehive, slack, entries, rendered, state };
}

const message = (change: CaseChange, extra: Partial<SlackActionMessage> = {}): SlackActionMessage => ({
  v: 1,
  id: `${TEAM}:trigger-${Math.random()}`,
  caseId: '~42',
  change,
  actor: { teamId: TEAM, userId: USER, userName: 'analyst' },
  channel: CHANNEL,
  messageTs: MESSAGE_TS,
  requestedAt: NOW - 1000,
  ...extra,
});

describe('act: changes to TheHive', () => {
  it('changes severity, updates the message from the re-fetched case and notes who did it in the thread', async () => {
    const { deps, thehive, slack, entries, rendered } = setup();
    const outcome = await performSlackAction(message({ kind: 'severity', value: 3 }), deps);
    expect(outcome).toEqual({ kind: 'done', note: 'changed severity MEDIUM → HIGH' });
    expect(thehive.writes()).toEqual([{ method: 'updateCase', args: ['~42', { severity: 3 }] }]);
    expect(rendered.at(-1)).toMatchObject({ _id: '~42', severity: 3 });
    expect(slack.of('chatUpdate')).toEqual([
      { channel: CHANNEL, ts: MESSAGE_TS, text: '#42 Phishing wave', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'severity 3 status New' } }] },
    ]);
    expect(slack.of('chatPostMessage')).toEqual([{ channel: CHANNEL, threadTs: MESSAGE_TS, text: `<@${USER}> changed severity MEDIUM → HIGH` }]);
    expect(entries.find((e) => e.message === 'slack action applied to TheHive')?.attributes).toMatchObject({
      slackTeam: TEAM,
      slackUser: USER,
      caseId: '~42',
      thehiveChange: { severity: 3 },
    });
  });

  it('sends status, TLP and PAP as TheHive takes them, labelled by version in the note', async () => {
    const { deps, thehive, slack } = setup({ version: 4 });
    await performSlackAction(message({ kind: 'status', value: 'Open' }), deps);
    await performSlackAction(message({ kind: 'tlp', value: 3 }), deps);
    await performSlackAction(message({ kind: 'pap', value: 0 }), deps);
    expect(thehive.writes().map((w) => w.args[1])).toEqual([{ status: 'Open' }, { tlp: 3 }, { pap: 0 }]);
    expect(slack.of('chatPostMessage').map((m) => m.text)).toEqual([
      `<@${USER}> changed status New → Open`,
      `<@${USER}> changed TLP AMBER → RED`,
      `<@${USER}> changed PAP AMBER → WHITE`,
    ]);
  });

  it('assigns the case to the TheHive user with the Slack user’s email', async () => {
    const { deps, thehive, slack } = setup();
    const outcome = await performSlackAction(message({ kind: 'assignToMe' }), deps);
    expect(slack.of('usersInfo')).toEqual([USER]);
    expect(thehive.calls.find((c) => c.method === 'findUserByEmail')?.args).toEqual(['jane@example.org']);
    expect(thehive.writes()).toEqual([{ method: 'updateCase', args: ['~42', { assignee: 'jane@soc.example' }] }]);
    expect(outcome).toEqual({ kind: 'done', note: 'assigned the case to Jane Doe (jane@soc.example)' });
  });

  it('refuses to assign when no TheHive user has the email, telling the user and leaving the message as it was', async () => {
    const { deps, thehive, slack } = setup();
    const outcome = await performSlackAction(message({ kind: 'assignToMe' }, { actor: { teamId: TEAM, userId: 'U0BOB' } }), deps);
    expect(outcome).toEqual({ kind: 'refused', reason: 'No TheHive user has the email or login bob@example.org.' });
    expect(thehive.writes()).toEqual([]);
    expect(slack.of('chatUpdate')).toEqual([]);
    expect(slack.of('chatPostEphemeral')).toEqual([{ channel: CHANNEL, user: 'U0BOB', text: 'No TheHive user has the email or login bob@example.org.', threadTs: undefined }]);
  });

  it('refuses to assign when the Slack profile shows no email', async () => {
    const { deps, thehive, slack } = setup();
    await performSlackAction(message({ kind: 'assignToMe' }, { actor: { teamId: TEAM, userId: 'U0NOMAIL' } }), deps);
    expect(thehive.calls.filter((c) => c.method === 'findUserByEmail')).toEqual([]);
    expect(slack.of('chatPostEphemeral')[0].text).toMatch(/shows no email address/);
  });

  it('adds a task with title, description, due date and the matched assignee', async () => {
    const { deps, thehive, slack } = setup();
    const due = Date.UTC(2026, 11, 1, 23, 59, 59);
    const outcome = await performSlackAction(message({ kind: 'addTask', title: 'Reset passwords', description: 'All phished users', dueDate: due, assigneeSlackUser: USER }), deps);
    expect(thehive.tasks).toEqual([{ caseId: '~42', task: { title: 'Reset passwords', description: 'All phished users', dueDate: due, assignee: 'jane@soc.example' } }]);
    expect(outcome).toEqual({ kind: 'done', note: 'added task "Reset passwords", due 2026-12-01, assigned to jane@soc.example' });
    expect(slack.of('chatUpdate')).toHaveLength(1);
  });

  it('adds the task unassigned when the assignee matches no TheHive user, and says so', async () => {
    const { deps, thehive, slack } = setup();
    await performSlackAction(message({ kind: 'addTask', title: 'Triage', assigneeSlackUser: 'U0BOB' }), deps);
    expect(thehive.tasks).toEqual([{ caseId: '~42', task: { title: 'Triage' } }]);
    expect(slack.of('chatPostEphemeral')[0].text).toBe('Task "Triage" was created unassigned: No TheHive user has the email or login bob@example.org.');
  });

  it('closes a TheHive 5 case with a closed status, and a TheHive 4 case as Resolved with a resolution status', async () => {
    const v5 = setup({ version: 5 });
    await performSlackAction(message({ kind: 'close', resolution: 'FalsePositive', impact: 'NoImpact', summary: 'Scanner' }), v5.deps);
    expect(v5.thehive.writes()[0].args[1]).toEqual({ status: 'FalsePositive', impactStatus: 'NoImpact', summary: 'Scanner' });
    expect(v5.slack.of('chatPostMessage')[0].text).toBe(`<@${USER}> closed the case: False positive, no impact. Summary: Scanner`);
    const v4 = setup({ version: 4 });
    await performSlackAction(message({ kind: 'close', resolution: 'TruePositive', impact: 'WithImpact', summary: 'Contained' }), v4.deps);
    expect(v4.thehive.writes()[0].args[1]).toEqual({ status: 'Resolved', resolutionStatus: 'TruePositive', impactStatus: 'WithImpact', summary: 'Contained' });
  });

  it('notes a resolution or impact it has no label for as it is, even one named like an Object.prototype member', async () => {
    const { deps, slack } = setup({ version: 5 });
    const outcome = await performSlackAction(message({ kind: 'close', resolution: 'constructor', impact: 'toString', summary: 'Odd' }), deps);
    expect(outcome).toEqual({ kind: 'done', note: 'closed the case: constructor, tostring. Summary: Odd' });
    expect(slack.of('chatPostMessage')[0].text).toBe(`<@${USER}> closed the case: constructor, tostring. Summary: Odd`);
  });
});

describe('act: failures', () => {
  it('shows TheHive’s refusal to the user, leaves the message alone and does not retry', async () => {
    const { deps, thehive, slack } = setup();
    thehive.api.updateCase = async () => {
      throw new TheHiveError('permanent', 'TheHive update case: HTTP 400 BadRequest: Invalid status Done', 400);
    };
    const outcome = await performSlackAction(message({ kind: 'status', value: 'Done' }), deps);
    expect(outcome).toEqual({ kind: 'refused', reason: 'TheHive refused: TheHive update case: HTTP 400 BadRequest: Invalid status Done' });
    expect(slack.of('chatPostEphemeral')[0].text).toBe('TheHive refused: TheHive update case: HTTP 400 BadRequest: Invalid status Done. Nothing was changed.');
    expect(slack.of('chatUpdate')).toEqual([]);
    expect(slack.of('chatPostMessage')).toEqual([]);
  });

  it('refuses an unknown case with an ephemeral message', async () => {
    const { deps, slack } = setup();
    const outcome = await performSlackAction(message({ kind: 'severity', value: 1 }, { caseId: '~404' }), deps);
    expect(outcome.kind).toBe('refused');
    expect(slack.of('chatPostEphemeral')[0].text).toMatch(/HTTP 404/);
  });

  it('parks (permanent) when TheHive refuses the relay’s own credentials', async () => {
    const { deps, thehive, slack } = setup();
    thehive.failNextWith(new TheHiveError('configuration', 'TheHive get case: HTTP 403 (check thehive.apiKey)', 403));
    expect(await performSlackAction(message({ kind: 'severity', value: 1 }), deps)).toEqual({ kind: 'permanent', reason: 'TheHive get case: HTTP 403 (check thehive.apiKey)', status: 403 });
    expect(slack.of('chatPostEphemeral')).toHaveLength(1);
  });

  it('asks for a retry when TheHive is down, without telling the user or touching the message', async () => {
    const { deps, thehive, slack } = setup();
    thehive.failNextWith(new TheHiveError('transient', 'TheHive get case: HTTP 503 unavailable', 503));
    expect(await performSlackAction(message({ kind: 'severity', value: 1 }), deps)).toEqual({ kind: 'retry', reason: 'TheHive get case: HTTP 503 unavailable', status: 503 });
    expect(slack.calls.filter((c) => c.method !== 'usersInfo')).toEqual([]);
  });

  it('never applies a change twice: a redelivery after a Slack failure only finishes the Slack steps', async () => {
    const { deps, thehive, slack } = setup();
    const once = message({ kind: 'addTask', title: 'Contain host' });
    const realUpdate = slack.api.chatUpdate;
    slack.api.chatUpdate = async () => {
      throw new SlackApiError('chat.update', 'ratelimited', true, 5, 429);
    };
    expect(await performSlackAction(once, deps)).toEqual({ kind: 'retry', reason: 'Slack chat.update: ratelimited', status: 429, afterSeconds: 5 });
    slack.api.chatUpdate = realUpdate;
    expect(await performSlackAction(once, deps)).toMatchObject({ kind: 'done' });
    expect(await performSlackAction(once, deps)).toMatchObject({ kind: 'done' });
    expect(thehive.tasks).toHaveLength(1);
    expect(slack.of('chatUpdate')).toHaveLength(1);
    expect(slack.of('chatPostMessage')).toHaveLength(1);
  });

  /** the state store's update fails for the steps named (each time, or `times` times) */
  function failRemember(state: NonNullable<ActDeps['state']>, steps: string[], times = Infinity) {
    const update = state.update.bind(state);
    let left = times;
    state.update = async (pk, sk, changes) => {
      if (Object.keys(changes.set ?? {}).some((name) => steps.includes(name)) && left-- > 0) throw new Error('ProvisionedThroughputExceededException');
      return update(pk, sk, changes);
    };
  }

  it('never repeats a side effect whose step record failed to save once: the save is retried', async () => {
    const { deps, thehive, slack, state } = setup();
    failRemember(state!, ['thehive', 'noted'], 2);
    const once = message({ kind: 'addTask', title: 'Block sender' });
    expect(await performSlackAction(once, deps)).toEqual({ kind: 'done', note: 'added task "Block sender"' });
    // the SQS redelivery
    expect(await performSlackAction(once, deps)).toEqual({ kind: 'done', note: 'added task "Block sender"' });
    expect(thehive.tasks).toHaveLength(1);
    expect(slack.of('chatUpdate')).toHaveLength(1);
    expect(slack.of('chatPostMessage')).toHaveLength(1);
  });

  it('finishes the action when its step records cannot be saved at all, and says so in the log', async () => {
    const { deps, thehive, slack, state, entries } = setup();
    failRemember(state!, ['thehive', 'updated', 'noted']);
    expect(await performSlackAction(message({ kind: 'addTask', title: 'Block sender' }), deps)).toEqual({ kind: 'done', note: 'added task "Block sender"' });
    expect(thehive.tasks).toHaveLength(1);
    expect(slack.of('chatPostMessage')).toEqual([expect.objectContaining({ text: `<@${USER}> added task "Block sender"` })]);
    const warnings = entries.filter((e) => e.message.startsWith('slack action step could not be remembered'));
    expect(warnings.map((e) => e.attributes?.step)).toEqual(['thehive', 'updated', 'noted']);
    expect(warnings[0].attributes).toMatchObject({ caseId: '~42', reason: 'ProvisionedThroughputExceededException' });
  });

  it('finishes when only the Slack echo fails for good (the case did change)', async () => {
    const { deps, thehive, entries } = setup({ slackFail: { chatUpdate: new SlackApiError('chat.update', 'message_not_found', false) } });
    expect(await performSlackAction(message({ kind: 'severity', value: 4 }), deps)).toMatchObject({ kind: 'done' });
    expect(thehive.writes()).toHaveLength(1);
    expect(entries.some((e) => e.message === 'slack message could not be updated')).toBe(true);
  });

  it('parks when Slack refuses the relay before TheHive changed (e.g. a missing scope)', async () => {
    const { deps, thehive } = setup({ slackFail: { usersInfo: new SlackApiError('users.info', 'missing_scope', false) } });
    expect(await performSlackAction(message({ kind: 'assignToMe' }), deps)).toEqual({ kind: 'permanent', reason: 'Slack users.info: missing_scope', status: undefined });
    expect(thehive.writes()).toEqual([]);
  });

  it('only changes TheHive when the action names no message', async () => {
    const { deps, thehive, slack } = setup();
    await performSlackAction(message({ kind: 'pap', value: 1 }, { channel: undefined, messageTs: undefined }), deps);
    expect(thehive.writes()).toHaveLength(1);
    expect(slack.calls).toEqual([]);
  });
});

describe('act: TheHive 3/4 status', () => {
  it('sends Open for the v5 open stages, which TheHive 4 does not know', async () => {
    const { deps, thehive } = setup({ version: 4 });
    await performSlackAction(message({ kind: 'status', value: 'InProgress' }), deps);
    expect(thehive.writes()[0].args[1]).toEqual({ status: 'Open' });
  });
});
