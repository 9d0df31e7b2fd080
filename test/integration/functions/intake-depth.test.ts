/**
 * A deeply nested body posted to a function is refused at once: the Splunk translator hashes
 * its result row recursively, and GET ?run= answers the stored payload as JSON, so a few
 * kilobytes of `[[[…` would overflow the stack in the worker and in the status answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleFunctionRequest } from '../../../shared/functions/intake.js';
import { recentRuns } from '../../../shared/functions/runs.js';
import { post, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([{ name: 'splunk', type: 'splunk' }]);
});
afterAll(() => h?.stop());

const splunkBody = (row: string) => `{"sid":"scheduler__admin__search__RMD5_at_1","search_name":"Deep","result":{"host":"web-01","nested":${row}}}`;

describe('function intake: deep nesting', () => {
  it.each([
    ['arrays 5000 deep', '['.repeat(5000) + ']'.repeat(5000)],
    ['objects 10 000 deep', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('refuses %s with 400 naming the body, storing and queueing nothing', async (_name, deep) => {
    for (const query of [{}, { dryRun: 'true' }] as Record<string, string>[]) {
      const answer = await handleFunctionRequest('splunk', post(splunkBody(deep), { query }), h.intakeDeps);
      expect(answer).toMatchObject({ status: 400, body: { field: '(body)', error: expect.stringMatching(/deeper than 64 levels/) } });
    }
    expect(await recentRuns(h.store, 'splunk', 10)).toEqual([]);
    expect(await h.queue.approximateCount(h.queues.splunk.queueUrl)).toBe(0);
  });

  it('accepts the same row nested a few levels', async () => {
    const answer = await handleFunctionRequest('splunk', post(splunkBody('[[{"a":[1]}]]')), h.intakeDeps);
    expect(answer.status).toBe(202);
    await h.queue.purge(h.queues.splunk.queueUrl);
  });
});
