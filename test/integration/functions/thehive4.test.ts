/** A function writing to TheHive 4 (thehive.version 4), end to end over dynalite, fauxqs and a TheHive 4 fake. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleFunctionRequest } from '../../../shared/functions/intake.js';
import { post, sourceFixture, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness([{ name: 'elastic', type: 'elastic', alert: { type: 'EDR', source: 'Elastic' } }], { thehiveVersion: 4 });
});
afterAll(() => h?.stop());
beforeEach(() => h.thehive.reset());


describe('functions with TheHive 4', () => {
  it('stores the observables TheHive 4 drops from a new alert, and merges a re-post instead of parking it', async () => {
    const alert = JSON.parse(sourceFixture('elastic/single-alert-mixed.json'));
    await handleFunctionRequest('elastic', post(JSON.stringify(alert)), h.intakeDeps);
    const [created] = await h.work('elastic');
    expect(h.thehive.alerts).toHaveLength(1);
    const stored = h.thehive.observablesOf(h.thehive.alerts[0]._id);
    expect(stored.length).toBeGreaterThan(0);
    expect(created).toMatchObject({ kind: 'done', status: 'succeeded', alerts: [{ outcome: 'created', observablesAdded: stored.length }] });

    await handleFunctionRequest('elastic', post(JSON.stringify({ ...alert, 'source.ip': '198.51.100.99' })), h.intakeDeps);
    const [merged] = await h.work('elastic');
    expect(merged).toMatchObject({ kind: 'done', status: 'succeeded', alerts: [{ outcome: 'merged', observablesAdded: 1 }] });
    expect(h.thehive.observablesOf(h.thehive.alerts[0]._id).map((o) => o.data)).toContain('198.51.100.99');
  });

  it('dry-runs the TheHive 4 requests', async () => {
    const response = await handleFunctionRequest('elastic', post(sourceFixture('elastic/single-alert-mixed.json'), { query: { dryRun: 'true' } }), h.intakeDeps);
    const requests = (response.body as { requests: Array<{ path: string; body: Record<string, unknown> }> }).requests;
    expect(requests[0].body).not.toHaveProperty('observables');
    expect(requests.slice(1).every((r) => r.path.endsWith('/artifact'))).toBe(true);
    expect(requests.length).toBeGreaterThan(1);
    expect(h.thehive.requests).toHaveLength(0);
  });
});
