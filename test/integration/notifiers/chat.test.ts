/** Teams Workflows and Mattermost webhooks over the wire, through the real delivery use case. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { startTeamsFake, TEAMS_PATH, type TeamsFake } from '../../fakes/teams.js';
import { mattermostFake, MATTERMOST_HOOK_PATH } from '../../fakes/mattermost.js';
import type { RecordingTarget } from '../../fakes/recording-target.js';
import { caseLife, THEHIVE_URL } from '../../unit/notifiers/fixtures.js';

describe('teams on the wire', () => {
  let teams: TeamsFake;
  let harness: Harness;
  beforeAll(async () => {
    teams = await startTeamsFake();
    harness = await startHarness({
      notifier: { name: 'soc-teams', type: 'teams', triggers: ['CaseCreated'], url: { secret: 'TEAMS_WORKFLOW_URL' }, timeoutSeconds: 1 },
      secrets: { TEAMS_WORKFLOW_URL: `${teams.baseUrl}${TEAMS_PATH}` },
      thehiveUrl: THEHIVE_URL,
    });
  });
  afterEach(() => teams.reset());
  afterAll(async () => {
    await harness.stop();
    await teams.stop();
  });

  it('POSTs the Workflows envelope (the flow would post the card) and is delivered on 202', async () => {
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'delivered', requests: 1 });
    const [request] = teams.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(TEAMS_PATH);
    expect(request.headers['content-type']).toBe('application/json');
    expect(teams.flowRuns.at(-1)).toBe(true);
    expect(request.json.attachments[0].content.version).toBe('1.4');
  });

  it('stays under the size limit (the fake answers 413 above 28 KB)', async () => {
    const event = caseLife.created();
    event.object!.description = 'x'.repeat(60_000);
    expect(await harness.deliver(event)).toMatchObject({ kind: 'delivered' });
    expect(Buffer.byteLength(teams.requests[0].body)).toBeLessThanOrEqual(20_000);
  });

  it('retries 429 after Retry-After, 500 and a timeout; parks a 400 without the signed URL', async () => {
    teams.answerNext({ status: 429, headers: { 'retry-after': '4' }, body: '' });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'requeued', delaySeconds: 4 });
    teams.answerNext({ status: 500, body: 'InternalServerError' });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: 'Teams answered 500: InternalServerError' });
    teams.answerNext({ status: 202, delayMs: 2500 });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
    teams.answerNext({ status: 400, body: { error: { code: 'InvalidRequestContent', message: 'The input body for trigger manual of type Request must be of type JSON' } } });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'parked', failure: { permanent: true, status: 400 } });
    const [letter] = await harness.deadLetters();
    expect(letter.failure.reason).toContain('InvalidRequestContent');
    expect(JSON.stringify(letter)).not.toContain('s3cr3tSig0001');
  });
});

describe('mattermost on the wire', () => {
  let mattermost: RecordingTarget;
  let harness: Harness;
  beforeAll(async () => {
    mattermost = await mattermostFake().start();
    harness = await startHarness({
      notifier: { name: 'soc-mm', type: 'mattermost', triggers: ['CaseCreated'], url: { secret: 'MATTERMOST_HOOK_URL' }, username: 'TheHive', priority: 'important', timeoutSeconds: 1 },
      secrets: { MATTERMOST_HOOK_URL: `${mattermost.baseUrl}${MATTERMOST_HOOK_PATH}` },
      thehiveUrl: THEHIVE_URL,
    });
  });
  afterEach(() => mattermost.reset());
  afterAll(async () => {
    await harness.stop();
    await mattermost.stop();
  });

  it('POSTs JSON text + attachment to the hook and is delivered on 200 ok', async () => {
    expect(await harness.deliver(caseLife.closed())).toMatchObject({ kind: 'delivered', requests: 1 });
    const [request] = mattermost.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(MATTERMOST_HOOK_PATH);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toMatchObject({ username: 'TheHive', priority: { priority: 'important' }, text: '**Case #7 closed (TruePositive)** (status → TruePositive, impactStatus → WithImpact)' });
    expect(request.json.attachments[0]).toMatchObject({ color: '#9e9e9e', title_link: `${THEHIVE_URL}/cases/~41/details` });
    expect(request.json.attachments[0].text).toBe('Sender domain blocked, passwords reset.');
  });

  it('retries 429 after Retry-After, 500 and a timeout; parks a 400 with Mattermost’s message', async () => {
    mattermost.answerNext({ status: 429, headers: { 'retry-after': '9' }, body: '' });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'requeued', delaySeconds: 9 });
    mattermost.answerNext({ status: 503, body: 'Service Unavailable' });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry' });
    mattermost.answerNext({ status: 200, body: 'ok', delayMs: 2500 });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
    mattermost.answerNext({ status: 400, body: { id: 'web.incoming_webhook.channel.app_error', message: "Couldn't find the channel.", status_code: 400 } });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'parked' });
    const [letter] = await harness.deadLetters();
    expect(letter.failure.reason).toContain("Couldn't find the channel.");
    expect(JSON.stringify(letter)).not.toContain('s3cr3thookkey0001');
  });
});
