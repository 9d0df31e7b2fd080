/**
 * SIGNL4 and PagerDuty over the wire, across a case's life: the on-call alert is raised when
 * the case is created and resolves itself when it closes (memory kept in the state table
 * between deliveries by the real delivery use case).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { startSignl4Fake, SIGNL4_TEAM_SECRET, type Signl4Fake } from '../../fakes/signl4.js';
import { startPagerDutyFake, type PagerDutyFake } from '../../fakes/pagerduty.js';
import { caseLife, THEHIVE_URL } from '../../unit/notifiers/fixtures.js';

describe('signl4 on the wire', () => {
  let signl4: Signl4Fake;
  let harness: Harness;
  beforeAll(async () => {
    signl4 = await startSignl4Fake();
    harness = await startHarness({
      notifier: { name: 'oncall', type: 'signl4', triggers: ['AnyEvent'], url: { secret: 'SIGNL4_WEBHOOK_URL' }, service: 'SOC', timeoutSeconds: 1 },
      secrets: { SIGNL4_WEBHOOK_URL: `${signl4.baseUrl}/webhook/${SIGNL4_TEAM_SECRET}` },
      thehiveUrl: THEHIVE_URL,
    });
  });
  afterAll(async () => {
    await harness.stop();
    await signl4.stop();
  });

  it('created → new alert; updated → nothing; closed → the same alert resolved; a late older event → nothing', async () => {
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'delivered', requests: 1 });
    const [first] = signl4.requests;
    expect(first.method).toBe('POST');
    expect(first.path).toBe(`/webhook/${SIGNL4_TEAM_SECRET}`);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.json).toMatchObject({ Title: 'Case #7: Phishing campaign against finance', 'X-S4-ExternalID': '~41', 'X-S4-Status': 'new', 'X-S4-Service': 'SOC', Severity: 'HIGH' });
    expect(signl4.alerts).toEqual([{ externalId: '~41', status: 'new', title: 'Case #7: Phishing campaign against finance' }]);

    expect(await harness.deliver(caseLife.inProgress())).toMatchObject({ kind: 'delivered', requests: 0 });
    expect(await harness.deliver(caseLife.closed())).toMatchObject({ kind: 'delivered', requests: 1 });
    expect(signl4.requests.at(-1)!.json).toMatchObject({ 'X-S4-ExternalID': '~41', 'X-S4-Status': 'resolved' });
    expect(signl4.alerts).toEqual([{ externalId: '~41', status: 'resolved', title: 'Case #7: Phishing campaign against finance' }]);
    expect(await harness.memory('~41')).toEqual({ state: 'closed', lastEventAt: caseLife.closed()._createdAt });

    expect(await harness.deliver(caseLife.taskCreated())).toMatchObject({ kind: 'delivered', requests: 0 });
    expect(signl4.requests).toHaveLength(2);
  });

  it('retries 429 (after Retry-After), 500 and a timeout; parks a 4xx without the team secret', async () => {
    signl4.answerNext({ status: 429, headers: { 'retry-after': '20' }, body: 'slow down' });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'requeued', delaySeconds: 20 });
    signl4.answerNext({ status: 500, body: 'oops' });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'retry', reason: 'SIGNL4 answered 500: oops' });
    signl4.answerNext({ status: 201, body: '{}', delayMs: 2500 });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
    signl4.answerNext({ status: 401, body: `team ${SIGNL4_TEAM_SECRET} is disabled` });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'parked' });
    const [letter] = await harness.deadLetters();
    expect(letter.failure.reason).toBe('SIGNL4 answered 401: team [redacted] is disabled');
    expect(JSON.stringify(letter)).not.toContain(`${signl4.baseUrl}/webhook/`);
  });
});

describe('pagerduty on the wire', () => {
  const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefabcdef';
  let pagerduty: PagerDutyFake;
  let harness: Harness;
  beforeAll(async () => {
    pagerduty = await startPagerDutyFake(ROUTING_KEY);
    harness = await startHarness({
      notifier: { name: 'pd', type: 'pagerduty', triggers: ['AnyEvent'], routingKey: { secret: 'PD_ROUTING_KEY' }, url: pagerduty.enqueueUrl, acknowledge: true, timeoutSeconds: 1 },
      secrets: { PD_ROUTING_KEY: ROUTING_KEY },
      thehiveUrl: THEHIVE_URL,
    });
  });
  afterAll(async () => {
    await harness.stop();
    await pagerduty.stop();
  });

  it('created → trigger (202); in progress → acknowledge; closed → resolve, all on dedup_key thehive:<case id>', async () => {
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'delivered', requests: 1 });
    const [trigger] = pagerduty.requests;
    expect(trigger.method).toBe('POST');
    expect(trigger.path).toBe('/v2/enqueue');
    expect(trigger.headers['content-type']).toBe('application/json');
    expect(trigger.headers.authorization).toBeUndefined();
    expect(trigger.json).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: 'thehive:~41', payload: { severity: 'error', source: 'thehive.example.org' } });

    await harness.deliver(caseLife.inProgress());
    await harness.deliver(caseLife.closed());
    expect(pagerduty.requests.map((r) => r.json.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(pagerduty.alerts).toEqual([{ dedupKey: 'thehive:~41', status: 'resolved', summary: 'Case #7: Phishing campaign against finance (HIGH)', triggers: 1 }]);

    // late older event: no new incident
    await harness.deliver(caseLife.observableCreated());
    expect(pagerduty.requests).toHaveLength(3);
  });

  it('parks a 400 with PagerDuty’s errors (no routing key); retries 429 after Retry-After, 500 and timeouts', async () => {
    pagerduty.answerNext({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: [`'routing_key' ${ROUTING_KEY} is invalid`] } });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'parked', failure: { permanent: true, status: 400 } });
    const [letter] = await harness.deadLetters();
    expect(letter.failure.reason).toContain('Event object is invalid');
    expect(JSON.stringify(letter)).not.toContain(ROUTING_KEY);

    pagerduty.answerNext({ status: 429, headers: { 'retry-after': '30' }, body: { status: 'throttle' } });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'requeued', delaySeconds: 30 });
    pagerduty.answerNext({ status: 500, body: 'Internal Server Error' });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'retry' });
    pagerduty.answerNext({ status: 202, body: {}, delayMs: 2500 });
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });

    // re-opened in progress: a new incident, acknowledged at once
    expect(await harness.deliver(caseLife.reopened())).toMatchObject({ kind: 'delivered', requests: 2 });
    expect(pagerduty.requests.slice(-2).map((r) => r.json.event_action)).toEqual(['trigger', 'acknowledge']);
    expect(pagerduty.alerts.map((a) => a.status)).toEqual(['resolved', 'acknowledged']);
  });
});
