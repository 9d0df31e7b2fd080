/** The HTTP Request and Cortex notifiers over the wire, through the real delivery use case. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { RecordingTarget } from '../../fakes/recording-target.js';
import { startCortexFake, type CortexFake } from '../../fakes/cortex.js';
import { caseLife, THEHIVE_URL } from '../../unit/notifiers/fixtures.js';

describe('http notifier on the wire (a Jira-like API)', () => {
  const AUTH = 'Basic amlyYTpzM2NyM3Q=';
  let api: RecordingTarget;
  let harness: Harness;
  beforeAll(async () => {
    api = await new RecordingTarget(() => ({ status: 201, body: { id: '10001', key: 'SOC-1' } })).start();
    harness = await startHarness({
      notifier: {
        name: 'jira',
        type: 'http',
        triggers: ['TaskCreated'],
        method: 'POST',
        url: `${api.baseUrl}/rest/api/2/issue?case={{case.number}}&title={{object.title}}`,
        headers: { authorization: { secret: 'JIRA_AUTH' } },
        body: '{ "fields": { "summary": "{{object.title}}", "description": "{{url}}" } }',
        timeoutSeconds: 1,
      },
      secrets: { JIRA_AUTH: AUTH },
      thehiveUrl: THEHIVE_URL,
    });
  });
  afterEach(() => api.reset());
  afterAll(async () => {
    await harness.stop();
    await api.stop();
  });

  it('sends the templated method, URL (encoded), headers and JSON body, delivered on 201', async () => {
    expect(await harness.deliver(caseLife.taskCreated())).toMatchObject({ kind: 'delivered', requests: 1 });
    const [request] = api.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/rest/api/2/issue?case=7&title=Block%20the%20sender%20domain');
    expect(request.headers.authorization).toBe(AUTH);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({ fields: { summary: 'Block the sender domain', description: `${THEHIVE_URL}/cases/~41/tasks` } }); // a task links to its case's tasks
  });

  it('retries 429 after Retry-After, 500 and a timeout; parks a 400 with the answer but not the credential', async () => {
    api.answerNext({ status: 429, headers: { 'retry-after': '15' }, body: '' });
    expect(await harness.deliver(caseLife.taskCreated())).toMatchObject({ kind: 'requeued', delaySeconds: 15 });
    api.answerNext({ status: 500, body: 'boom' });
    expect(await harness.deliver(caseLife.taskCreated())).toMatchObject({ kind: 'retry', reason: 'Target answered 500: boom' });
    api.answerNext({ status: 201, body: {}, delayMs: 2500 });
    expect(await harness.deliver(caseLife.taskCreated())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
    api.answerNext({ status: 400, body: { errorMessages: [], errors: { project: 'project is required' }, echo: AUTH } });
    expect(await harness.deliver(caseLife.taskCreated())).toMatchObject({ kind: 'parked', failure: { permanent: true, status: 400 } });
    const [letter] = await harness.deadLetters();
    expect(letter.failure.reason).toContain('project is required');
    expect(JSON.stringify(letter)).not.toContain(AUTH);
  });
});

describe('cortex notifier on the wire', () => {
  const API_KEY = 'c0rt3x-api-key-0001';
  let cortex: CortexFake;
  let harness: Harness;
  beforeAll(async () => {
    cortex = await startCortexFake({
      apiKey: API_KEY,
      analyzers: [{ id: '220483fde9608c580fb6a2508ff3d2d3', name: 'Abuse_Finder_3_0' }],
      responders: [{ id: '460d2164401c0079784ef0778eceb8ca', name: 'Mailer_1_0' }],
    });
    harness = await startHarness({
      notifier: { name: 'enrich', type: 'cortex', triggers: ['ObservableCreated'], url: cortex.baseUrl, apiKey: { secret: 'CORTEX_API_KEY' }, analyzers: ['Abuse_Finder_3_0'], responders: ['Mailer_1_0'], timeoutSeconds: 1 },
      secrets: { CORTEX_API_KEY: API_KEY },
    });
  });
  afterEach(() => cortex.reset());
  afterAll(async () => {
    await harness.stop();
    await cortex.stop();
  });

  it('finds the analyzer and responder by name, runs them with the observable, once even when redelivered', async () => {
    expect(await harness.deliver(caseLife.observableCreated(), { eventKey: 'obs-1' })).toMatchObject({ kind: 'delivered', requests: 4 });
    expect(cortex.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/analyzer/_search?range=0-1',
      'POST /api/analyzer/220483fde9608c580fb6a2508ff3d2d3/run',
      'POST /api/responder/_search?range=0-1',
      'POST /api/responder/460d2164401c0079784ef0778eceb8ca/run',
    ]);
    for (const request of cortex.requests) expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(cortex.requests[0].json).toEqual({ query: { _field: 'name', _value: 'Abuse_Finder_3_0' } });
    expect(cortex.jobs.map((j) => [j.kind, j.input.dataType, j.input.data])).toEqual([
      ['analyzer', 'ip', '203.0.113.7'],
      ['responder', 'thehive:case_artifact', expect.objectContaining({ _id: '~88', data: '203.0.113.7' })],
    ]);
    expect(cortex.jobs[1].input.responderId).toBe('460d2164401c0079784ef0778eceb8ca');

    expect(await harness.deliver(caseLife.observableCreated(), { eventKey: 'obs-1', receiveCount: 2 })).toMatchObject({ kind: 'delivered', replayed: 4 });
    expect(cortex.jobs).toHaveLength(2);
  });

  it('resumes at the run after a 500 (the lookup answer is replayed), and parks an unknown analyzer', async () => {
    cortex.answerNext({ status: 200, body: [{ id: '220483fde9608c580fb6a2508ff3d2d3', name: 'Abuse_Finder_3_0' }] }, { status: 500, body: { type: 'InternalError', message: 'oops' } });
    expect(await harness.deliver(caseLife.observableCreated(), { eventKey: 'obs-2' })).toMatchObject({ kind: 'retry', reason: expect.stringContaining('Cortex run-analyzer:Abuse_Finder_3_0 answered 500') });
    cortex.reset();
    expect(await harness.deliver(caseLife.observableCreated(), { eventKey: 'obs-2', receiveCount: 2 })).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(cortex.requests[0].path).toBe('/api/analyzer/220483fde9608c580fb6a2508ff3d2d3/run');

    cortex.answerNext({ status: 429, headers: { 'retry-after': '6' }, body: '' });
    expect(await harness.deliver(caseLife.observableCreated())).toMatchObject({ kind: 'requeued', delaySeconds: 6 });
    cortex.answerNext({ status: 200, body: [], delayMs: 2500 });
    expect(await harness.deliver(caseLife.observableCreated())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
    cortex.answerNext({ status: 200, body: [] });
    expect(await harness.deliver(caseLife.observableCreated())).toMatchObject({ kind: 'parked', failure: { permanent: true, reason: "Cortex has no enabled analyzer named Abuse_Finder_3_0 (in the API key's organisation)" } });
  });
});
