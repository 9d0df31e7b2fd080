import { describe, expect, it } from 'vitest';
import { cortexNotifier } from '../../../shared/notifiers/cortex.js';
import { cortexNotifierSchema, type CortexNotifierConfig } from '../../../shared/notifiers/schemas/cortex.js';
import { alertLife, caseLife, context } from './fixtures.js';

const secrets = { CORTEX_API_KEY: 'c0rt3xk3y' };
const config = (over: Record<string, unknown> = {}) =>
  cortexNotifierSchema.parse({ name: 'enrich', type: 'cortex', triggers: ['ObservableCreated'], url: 'https://cortex.example.org', apiKey: { secret: 'CORTEX_API_KEY' }, ...over }) as CortexNotifierConfig;
const body = (r: { body?: string }) => JSON.parse(r.body!);
const found = (id: string) => ({ status: 200, headers: {}, body: JSON.stringify([{ id, name: 'x' }]) });

describe('cortex notifier', () => {
  it('looks each analyzer up by name, then runs it on the new observable', () => {
    const requests = cortexNotifier.render(caseLife.observableCreated(), config({ analyzers: ['Abuse_Finder_3_0', 'Shodan_Host_1_0'], force: true }), context(secrets));
    expect(requests.map((r) => [r.key, r.dependsOn])).toEqual([
      ['find-analyzer:Abuse_Finder_3_0', undefined],
      ['run-analyzer:Abuse_Finder_3_0', 'find-analyzer:Abuse_Finder_3_0'],
      ['find-analyzer:Shodan_Host_1_0', undefined],
      ['run-analyzer:Shodan_Host_1_0', 'find-analyzer:Shodan_Host_1_0'],
    ]);
    const [find, run] = requests;
    expect(find).toMatchObject({ method: 'POST', url: 'https://cortex.example.org/api/analyzer/_search?range=0-1', headers: { authorization: 'Bearer c0rt3xk3y', 'content-type': 'application/json' } });
    expect(body(find)).toEqual({ query: { _field: 'name', _value: 'Abuse_Finder_3_0' } });
    const completed = cortexNotifier.complete!(run, { 'find-analyzer:Abuse_Finder_3_0': found('220483fde9608c580fb6a2508ff3d2d3') });
    expect(completed.url).toBe('https://cortex.example.org/api/analyzer/220483fde9608c580fb6a2508ff3d2d3/run?force=1');
    expect(body(completed)).toEqual({ data: '203.0.113.7', dataType: 'ip', tlp: 2, pap: 2, message: 'sender relay' });
  });

  it('runs responders on the event object with TheHive’s data type', () => {
    const cfg = config({ responders: ['Mailer_1_0'] });
    const [find, run] = cortexNotifier.render(alertLife.created(), cfg, context(secrets));
    expect(find.url).toBe('https://cortex.example.org/api/responder/_search?range=0-1');
    const completed = cortexNotifier.complete!(run, { 'find-responder:Mailer_1_0': found('460d2164401c0079784ef0778eceb8ca') });
    expect(completed.url).toBe('https://cortex.example.org/api/responder/460d2164401c0079784ef0778eceb8ca/run');
    expect(body(completed)).toMatchObject({
      responderId: '460d2164401c0079784ef0778eceb8ca',
      label: 'Impossible travel for j.doe',
      dataType: 'thehive:alert',
      data: { _id: '~900', id: '~900', title: 'Impossible travel for j.doe', sourceRef: 'notable-1234' },
      tlp: 2,
      pap: 2,
      parameters: { user: 'splunk@corp' },
    });
    expect(body(cortexNotifier.render(caseLife.taskCreated(), cfg, context(secrets))[1]).dataType).toBe('thehive:case_task');
  });

  it('sends nothing when there is nothing to analyze (not an observable, a file, an update)', () => {
    const cfg = config({ analyzers: ['Abuse_Finder_3_0'] });
    expect(cortexNotifier.render(caseLife.created(), cfg, context(secrets))).toEqual([]);
    const file = caseLife.observableCreated();
    file.object = { ...file.object, dataType: 'file', data: undefined, attachment: { name: 'x.exe' } };
    expect(cortexNotifier.render(file, cfg, context(secrets))).toEqual([]);
  });

  it('fails for good when no enabled worker has the name, or the key is refused; retries 5xx and 429', () => {
    const [find, run] = cortexNotifier.render(caseLife.observableCreated(), config({ analyzers: ['Nope_1_0'] }), context(secrets));
    expect(cortexNotifier.outcome({ status: 200, headers: {}, body: '[]' }, find)).toEqual({ kind: 'permanent', reason: "Cortex has no enabled analyzer named Nope_1_0 (in the API key's organisation)" });
    expect(cortexNotifier.outcome(found('abc'), find)).toEqual({ kind: 'delivered' });
    const denied = cortexNotifier.outcome({ status: 401, headers: {}, body: '{"type":"AuthenticationError","message":"Authentication failure"}' }, run);
    expect(denied).toEqual({ kind: 'permanent', reason: 'Cortex run-analyzer:Nope_1_0 answered 401: {"type":"AuthenticationError","message":"Authentication failure"}' });
    expect(cortexNotifier.outcome({ status: 500, headers: {}, body: '' }, run)).toMatchObject({ kind: 'retry' });
    expect(cortexNotifier.outcome({ status: 429, headers: { 'retry-after': '10' }, body: '' }, run)).toMatchObject({ kind: 'retry', afterSeconds: 10 });
  });

  it('needs analyzers or responders', () => {
    const issues = cortexNotifierSchema.safeParse({ name: 'c', type: 'cortex', triggers: ['AnyEvent'], url: 'https://cortex.example.org', apiKey: { secret: 'K' } }).error?.issues;
    expect(issues?.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['analyzers: expected analyzers or responders (names of Cortex workers)']);
  });
});
