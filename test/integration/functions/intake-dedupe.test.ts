/**
 * A body posted again to a function: "duplicate" only for a run that was queued. An intake
 * that dies while sending (a Lambda timeout) leaves a `queued` run nobody sent; the re-post
 * waits while that intake may still be alive, then makes a new run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from '../../../shared/functions/intake.js';
import { getRun } from '../../../shared/functions/runs.js';
import { INTAKE_PENDING_MS } from '../../../shared/functions/repost.js';
import { FUNCTION_INTAKE_TIMEOUT } from '../../../infra/relay-stack.js';
import type { IntakeDeps } from '../../../shared/functions/deps.js';
import type { QueueClient } from '../../../shared/ports.js';
import { post, sourceFixture, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([{ name: 'wazuh', type: 'wazuh' }]);
});
afterAll(() => h?.stop());

const fn = () => h.intakeDeps.functions[0];
const queued = () => h.queue.approximateCount(h.queues.wazuh.queueUrl);
const withQueue = (sendBatch: QueueClient['sendBatch']): IntakeDeps => ({ ...h.intakeDeps, queue: Object.create(h.queue, { sendBatch: { value: sendBatch } }) });

describe('function intake: a re-post of a body whose first run was never queued', () => {
  it('waits longer than the intake Lambda may live', () => {
    expect(INTAKE_PENDING_MS).toBeGreaterThan(FUNCTION_INTAKE_TIMEOUT.toMilliseconds());
  });

  it('answers 503 while the first intake may still be sending, then makes a new run and marks the stale one failed', async () => {
    const body = sourceFixture('wazuh/sshd-bruteforce.json');
    void intake(fn(), post(body), withQueue(() => new Promise<void>(() => {}))); // the Lambda is killed here
    await new Promise((resolve) => setTimeout(resolve, 200));

    const meanwhile = await intake(fn(), post(body), h.intakeDeps);
    expect(meanwhile).toMatchObject({ status: 503, headers: { 'retry-after': expect.any(String) }, body: { error: expect.stringMatching(/post it again/) } });
    const staleRunId = meanwhile.body.runId as string;
    expect(await queued()).toBe(0);

    h.clock.advance(INTAKE_PENDING_MS + 1000);
    const again = await intake(fn(), post(body), h.intakeDeps);
    expect(again.status).toBe(202);
    expect(again.body.duplicate).toBeUndefined();
    expect(again.body.runId).not.toBe(staleRunId);
    expect(await queued()).toBe(1);
    expect((await getRun(h.store, 'wazuh', staleRunId))?.record).toMatchObject({ status: 'failed', error: { kind: 'queue' } });

    // the new run was queued: from now on the body is a duplicate of it
    expect(await intake(fn(), post(body), h.intakeDeps)).toMatchObject({ status: 202, body: { runId: again.body.runId, duplicate: true } });
    await h.queue.purge(h.queues.wazuh.queueUrl);
  });

  it('makes a new run on a re-post after a failed send whose cleanup failed too', async () => {
    const body = sourceFixture('wazuh/syscheck-modified.json');
    const broken = { ...h.intakeDeps, store: Object.create(h.store, { update: { value: async () => Promise.reject(new Error('throttled')) } }) };
    await expect(intake(fn(), post(body), { ...broken, queue: withQueue(async () => Promise.reject(new Error('queue down'))).queue })).rejects.toThrow('throttled');
    h.clock.advance(INTAKE_PENDING_MS + 1000);
    const again = await intake(fn(), post(body), h.intakeDeps);
    expect(again.status).toBe(202);
    expect(again.body.duplicate).toBeUndefined();
    expect(await queued()).toBe(1);
    await h.queue.purge(h.queues.wazuh.queueUrl);
  });

  it('answers 202 when the run is queued but the record of it cannot be written, and warns', async () => {
    const body = JSON.stringify({ ...JSON.parse(sourceFixture('wazuh/sshd-bruteforce.json')), id: 'confirm-fails' });
    const warnings: string[] = [];
    const store = Object.create(h.store, { update: { value: async () => Promise.reject(new Error('throttled')) } });
    const answer = await intake(fn(), post(body), { ...h.intakeDeps, store, log: { warn: (message: string) => void warnings.push(message) } });
    expect(answer.status).toBe(202);
    expect(await queued()).toBe(1);
    expect(warnings).toHaveLength(2);
    await h.queue.purge(h.queues.wazuh.queueUrl);
  });
});
