import { describe, expect, it } from 'vitest';
import { processActRecord, RetryLater, type ActQueueDeps } from '../../../shared/slack/act-queue.js';
import type { SlackActionMessage } from '../../../shared/slack/act-message.js';
import { SlackApiError } from '../../../shared/slack/client.js';
import { TheHiveError } from '../../../shared/thehive/errors.js';
import { CHANNEL, MESSAGE_TS, TEAM, USER } from './fixtures.js';
import { fixedClock, memoryCases, memoryQueue, recordingLog, stubSlack } from './memory.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const QUEUE = 'http://127.0.0.1:1/q/slack-actions';
const DLQ = 'http://127.0.0.1:1/q/slack-actions-dlq';

function setup() {
  const thehive = memoryCases([{ _id: '~42', number: 42, title: 'Phishing', severity: 2 }]);
  const slack = stubSlack({ users: [{ id: USER, name: 'analyst', email: 'a@example.org' }] });
  const q = memoryQueue();
  const deps: ActQueueDeps = {
    thehive: thehive.api,
    slack: slack.api,
    version: 5,
    renderCase: (c) => ({ text: String(c.title), blocks: [] }),
    clock: fixedClock(NOW),
    log: recordingLog().log,
    queue: q.queue,
    queueUrl: QUEUE,
    dlqUrl: DLQ,
    maxReceiveCount: 3,
  };
  return { deps, thehive, slack, q };
}

const action: SlackActionMessage = {
  v: 1,
  id: `${TEAM}:trigger-1`,
  caseId: '~42',
  change: { kind: 'severity', value: 3 },
  actor: { teamId: TEAM, userId: USER },
  channel: CHANNEL,
  messageTs: MESSAGE_TS,
  requestedAt: NOW - 5000,
};
const record = (body: unknown, receiveCount = 1) => ({ messageId: 'm-1', body: typeof body === 'string' ? body : JSON.stringify(body), receiveCount });
const outage = () => new TheHiveError('transient', 'TheHive get case: HTTP 503 Service Unavailable', 503);

describe('act worker: one queue record', () => {
  it('acknowledges a done action', async () => {
    const { deps, thehive } = setup();
    expect(await processActRecord(record(action), deps)).toMatchObject({ kind: 'done' });
    expect(thehive.writes()).toHaveLength(1);
  });

  it('hands an outage back to the queue until maxReceiveCount, then parks it in the DLQ with the reason', async () => {
    const { deps, thehive, q } = setup();
    thehive.failNextWith(outage());
    await expect(processActRecord(record(action, 1), deps)).rejects.toBeInstanceOf(RetryLater);
    expect(q.sent).toEqual([]);
    thehive.failNextWith(outage());
    expect(await processActRecord(record(action, 3), deps)).toEqual({ kind: 'parked', reason: 'gave up after 3 attempts: TheHive get case: HTTP 503 Service Unavailable' });
    expect(q.bodies(DLQ)).toEqual([
      {
        message: action,
        failure: {
          reason: 'gave up after 3 attempts: TheHive get case: HTTP 503 Service Unavailable',
          status: 503,
          error: 'TheHive get case: HTTP 503 Service Unavailable',
          attempts: 3,
          permanent: false,
          lastAttemptAt: new Date(NOW).toISOString(),
        },
      },
    ]);
    expect(thehive.writes()).toEqual([]);
  });

  it('processes a redriven dead letter (moved back as is) like the original message', async () => {
    const { deps, thehive } = setup();
    const letter = { message: action, failure: { reason: 'x', attempts: 3, permanent: false, lastAttemptAt: new Date(NOW).toISOString() } };
    expect(await processActRecord(record(letter), deps)).toMatchObject({ kind: 'done' });
    expect(thehive.writes()).toEqual([{ method: 'updateCase', args: ['~42', { severity: 3 }] }]);
  });

  it('re-sends with a delay when Slack asks to wait, without using an attempt', async () => {
    const { deps, slack, q } = setup();
    slack.api.chatUpdate = async () => Promise.reject(new SlackApiError('chat.update', 'ratelimited', true, 12, 429));
    expect(await processActRecord(record(action, 1), deps)).toMatchObject({ kind: 'retry', afterSeconds: 12 });
    expect(q.sent.map((s) => [s.queueUrl, s.message.delaySeconds, JSON.parse(s.message.body).attempts])).toEqual([[QUEUE, 12, 0]]);
    // more waits than maxReceiveCount (3) are still waits: nothing is parked
    for (let i = 0; i < 4; i++) await processActRecord(record(q.sent.at(-1)!.message.body, 1), deps);
    expect(q.bodies(QUEUE).at(-1)).toMatchObject({ attempts: 0, waits: { count: 5, seconds: 60 } });
    expect(q.bodies(DLQ)).toEqual([]);
  });

  it('honours a wait longer than 15 minutes: a copy received early goes back for the rest, calling no one', async () => {
    const { deps, thehive, slack, q } = setup();
    slack.api.chatUpdate = async () => Promise.reject(new SlackApiError('chat.update', 'ratelimited', true, 3600, 429));
    expect(await processActRecord(record(action, 1), deps)).toMatchObject({ kind: 'retry', afterSeconds: 3600 });
    const [copy] = q.sent;
    expect(copy.message.delaySeconds).toBe(900);
    expect(JSON.parse(copy.message.body)).toMatchObject({ attempts: 0, notBefore: NOW + 3600_000 });
    const writes = thehive.writes().length;
    const early = { ...JSON.parse(copy.message.body), notBefore: NOW + 2700_000 };
    expect(await processActRecord(record(early, 1), deps)).toMatchObject({ kind: 'retry', afterSeconds: 2700 });
    expect(q.sent.at(-1)!.message.delaySeconds).toBe(900);
    expect(JSON.parse(q.sent.at(-1)!.message.body)).toMatchObject({ attempts: 0, notBefore: NOW + 2700_000 });
    expect(thehive.writes()).toHaveLength(writes);
  });

  it('parks an unreadable message at once, naming the bad field', async () => {
    const { deps, q } = setup();
    expect(await processActRecord(record('{not json'), deps)).toEqual({ kind: 'parked', reason: 'unreadable message: not JSON' });
    const bad = await processActRecord(record({ ...action, caseId: '../admin' }), deps);
    expect(bad).toEqual({ kind: 'parked', reason: 'unreadable message: caseId: expected a TheHive case id' });
    expect(q.bodies(DLQ).map((d) => d.failure.permanent)).toEqual([true, true]);
  });

  it('parks a permanent failure on its first try', async () => {
    const { deps, thehive, q } = setup();
    thehive.failNextWith(new TheHiveError('configuration', 'TheHive get case: HTTP 401 (check thehive.apiKey)', 401));
    expect(await processActRecord(record(action, 1), deps)).toMatchObject({ kind: 'parked' });
    expect(q.bodies(DLQ)[0].failure).toMatchObject({ permanent: true, status: 401, attempts: 1 });
  });
});
