import { describe, expect, it } from 'vitest';
import { planRequests, summarize } from '../../../shared/functions/plan.js';
import type { FunctionConfig } from '../../../shared/functions/schema.js';
import type { TheHiveAction } from '../../../shared/functions/translator.js';
import { fnConfig } from './helpers.js';

const actions: TheHiveAction[] = [
  {
    kind: 'createAlert',
    alert: { type: 'wazuh', source: 'Wazuh', sourceRef: 'm:1', title: 'Brute force', description: 'd', severity: 3, tags: ['a'], observables: [{ dataType: 'ip', data: '203.0.113.5' }] },
  },
  { kind: 'addObservables', type: 'wazuh', source: 'Wazuh', sourceRef: 'm:0', observables: [{ dataType: 'hash', data: 'abc' }] },
  { kind: 'ignore', reason: 'an update notification' },
];

describe('dry-run plan', () => {
  it('lists the exact requests in order, with absolute URLs when TheHive is configured', () => {
    const planned = planRequests(actions, 'https://thehive.example.org/');
    expect(planned.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/alert',
      'POST /api/v1/query',
      'POST /api/v1/query',
      'POST /api/v1/alert/%7Bid%20of%20alert%20wazuh%3AWazuh%3Am%3A0%7D/observable',
    ]);
    expect(planned[0]).toMatchObject({ url: 'https://thehive.example.org/api/v1/alert', body: actions[0].kind === 'createAlert' ? actions[0].alert : undefined });
    expect(planned[3]).toMatchObject({ body: { dataType: 'hash', data: 'abc' }, when: expect.any(String) });
    expect(planRequests(actions)[0].url).toBeUndefined();
  });

  it('plans TheHive 4 requests: the alert without observables, then each at …/artifact', () => {
    const planned = planRequests(actions, undefined, 4);
    expect(planned.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/alert',
      'POST /api/v1/alert/%7Bid%20of%20the%20created%20alert%20wazuh%3AWazuh%3Am%3A1%7D/artifact',
      'POST /api/v1/query',
      'POST /api/v1/query',
      'POST /api/v1/alert/%7Bid%20of%20alert%20wazuh%3AWazuh%3Am%3A0%7D/artifact',
    ]);
    expect(planned[0].body).not.toHaveProperty('observables');
    expect(planned[1].body).toEqual({ dataType: 'ip', data: '203.0.113.5' });
  });

  it('summarises every action for a human', () => {
    const text = summarize(fnConfig({ name: 'wz', type: 'wazuh' }), actions);
    expect(text.split('\n')[0]).toBe('Dry run of function "wz" (wazuh): 3 actions, nothing sent to TheHive.');
    expect(text).toContain('1. create alert "Brute force" (type wazuh, source Wazuh, sourceRef m:1, severity 3 HIGH, 1 tags)');
    expect(text).toContain('observables: ip 203.0.113.5');
    expect(text).toContain('2. add observables to alert wazuh:Wazuh:m:0: hash abc');
    expect(text).toContain('3. nothing to do: an update notification');
  });
});

describe('function auth headers (CLI)', () => {
  it('gives the headers that pass each kind of function auth', async () => {
    const { functionAuthHeaders } = await import('../../../cli/function-auth.js');
    const secrets = { get: async (ref: { secret: string }) => `value-of-${ref.secret}` };
    const headersOf = (fn: FunctionConfig) => functionAuthHeaders(fn.name, fn.auth, secrets);
    expect(await headersOf(fnConfig({ type: 'splunk', auth: { type: 'bearer', token: { secret: 'T' } } }))).toEqual({ authorization: 'Bearer value-of-T' });
    expect(await headersOf(fnConfig({ type: 'splunk', auth: { type: 'header', name: 'X-Relay-Token', token: { secret: 'T' } } }))).toEqual({ 'x-relay-token': 'value-of-T' });
    expect(await headersOf(fnConfig({ type: 'splunk', auth: { type: 'basic', username: 'u', password: { secret: 'P' } } }))).toEqual({
      authorization: `Basic ${Buffer.from('u:value-of-P').toString('base64')}`,
    });
  });
});
