import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { executeActions } from '../../../shared/functions/execute.js';
import { TheHiveClient } from '../../../shared/thehive/client.js';
import { TheHiveError } from '../../../shared/thehive/errors.js';
import { startFakeTheHive, type FakeTheHive } from '../../fakes/thehive.js';

const http = new NodeHttpClient({ allowHosts: [], allowLoopback: true });
let thehive: FakeTheHive;
let client: TheHiveClient;

const alert = (sourceRef: string, observables = [{ dataType: 'ip', data: '203.0.113.7' }]) => ({
  type: 'EDR',
  source: 'Elastic',
  sourceRef,
  title: `alert ${sourceRef}`,
  description: 'd',
  severity: 3 as const,
  observables,
});

beforeAll(async () => {
  thehive = await startFakeTheHive({ organisations: ['soc'] });
});
afterAll(() => thehive.stop());
beforeEach(() => {
  thehive.reset();
  client = new TheHiveClient({ url: `${thehive.baseUrl}/`, apiKey: thehive.apiKey, organisation: 'soc', http, timeoutMs: 2_000 });
});

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as TheHiveError;
  }
  throw new Error('expected a failure');
};

describe('TheHive client against the fake TheHive API', () => {
  it('creates an alert with the Bearer key and the organisation header', async () => {
    const created = await client.createAlert(alert('r-1'));
    expect(created.alert._id).toMatch(/^~/);
    const [request] = thehive.requestsTo('POST', '/api/v1/alert');
    expect(request.headers.authorization).toBe(`Bearer ${thehive.apiKey}`);
    expect(request.headers['x-organisation']).toBe('soc');
    expect(request.json).toMatchObject({ sourceRef: 'r-1', severity: 3 });
    expect(thehive.observablesOf(created.alert._id)).toEqual([expect.objectContaining({ dataType: 'ip', data: '203.0.113.7' })]);
  });

  it('reports a duplicate sourceRef (HTTP 400 "already exist") as already-exists, and finds the alert by it', async () => {
    const created = await client.createAlert(alert('r-2'));
    const error = await failure(client.createAlert(alert('r-2')));
    expect(error).toBeInstanceOf(TheHiveError);
    expect(error).toMatchObject({ kind: 'already-exists', status: 400 });
    expect(await client.findAlertBySourceRef({ type: 'EDR', source: 'Elastic', sourceRef: 'r-2' })).toMatchObject({ _id: created.alert._id });
    expect(await client.findAlertBySourceRef({ type: 'EDR', source: 'Other', sourceRef: 'r-2' })).toBeUndefined();
  });

  it('adds observables, counting the ones the alert already has', async () => {
    const created = await client.createAlert(alert('r-3'));
    const result = await client.addObservables(created.alert._id, [
      { dataType: 'ip', data: '203.0.113.7' },
      { dataType: 'domain', data: 'evil.example' },
    ]);
    expect(result.alreadyPresent).toBe(1);
    expect(result.added).toEqual([expect.objectContaining({ dataType: 'domain', data: 'evil.example' })]);
    expect((await client.alertObservables(created.alert._id)).map((o) => o.data).sort()).toEqual(['203.0.113.7', 'evil.example']);
  });

  it('classifies 401/403 as configuration, 5xx as transient and other 4xx as permanent with TheHive\'s message', async () => {
    const wrongKey = new TheHiveClient({ url: thehive.baseUrl, apiKey: 'wrong', http });
    expect(await failure(wrongKey.createAlert(alert('r-4')))).toMatchObject({ kind: 'configuration', status: 401 });
    const wrongOrg = new TheHiveClient({ url: thehive.baseUrl, apiKey: thehive.apiKey, organisation: 'other', http });
    expect(await failure(wrongOrg.createAlert(alert('r-4')))).toMatchObject({ kind: 'configuration', status: 403 });
    thehive.answerNext({ status: 503, body: 'Service Unavailable' });
    expect(await failure(client.createAlert(alert('r-4')))).toMatchObject({ kind: 'transient', status: 503 });
    const invalid = await failure(client.createAlert({ ...alert('r-4'), severity: 9 as 1 }));
    expect(invalid).toMatchObject({ kind: 'permanent', status: 400 });
    expect(invalid.message).toContain('AttributeCheckingError: Invalid severity');
    expect(invalid.message).not.toContain(thehive.apiKey);
  });

  it('treats a timeout and a refused connection as transient', async () => {
    thehive.answerNext({ status: 201, body: {}, delayMs: 1_500 });
    const impatient = new TheHiveClient({ url: thehive.baseUrl, apiKey: thehive.apiKey, http, timeoutMs: 200 });
    expect(await failure(impatient.createAlert(alert('r-5')))).toMatchObject({ kind: 'transient' });
    const nobody = new TheHiveClient({ url: 'http://127.0.0.1:9', apiKey: 'k', http });
    expect(await failure(nobody.createAlert(alert('r-5')))).toMatchObject({ kind: 'transient' });
  });

  it('reads and updates cases, creates tasks, logs and comments, and finds users by email', async () => {
    const caseId = thehive.addCase({ title: 'Phishing' });
    thehive.addUser('ann@soc.example', 'ann@example.org', 'Ann');
    expect(await client.getCase('1')).toMatchObject({ _id: caseId, title: 'Phishing' });
    await client.updateCase(caseId, { severity: 4, assignee: 'ann@soc.example' });
    expect(thehive.cases.get(caseId)).toMatchObject({ severity: 4, assignee: 'ann@soc.example' });
    const task = await client.createTask(caseId, { title: 'Contain' });
    expect(thehive.tasks).toEqual([expect.objectContaining({ _id: task._id, title: 'Contain', caseId })]);
    await client.addTaskLog(task._id, 'isolated the host');
    await client.addCaseComment(caseId, 'from Slack');
    expect(thehive.logs).toEqual([{ taskId: task._id, message: 'isolated the host' }]);
    expect(thehive.comments).toEqual([{ caseId, message: 'from Slack' }]);
    expect(await client.findUserByEmail('ann@example.org')).toMatchObject({ login: 'ann@soc.example' });
    expect(await client.findUserByEmail('nobody@example.org')).toBeUndefined();
    expect(await failure(client.getCase('999'))).toMatchObject({ kind: 'not-found', status: 404 });
  });
});

describe('TheHive client against a TheHive 4 API (version 4)', () => {
  let thehive4: FakeTheHive;
  let client4: TheHiveClient;
  beforeAll(async () => {
    thehive4 = await startFakeTheHive({ version: 4 });
  });
  afterAll(() => thehive4.stop());
  beforeEach(() => {
    thehive4.reset();
    client4 = new TheHiveClient({ url: thehive4.baseUrl, apiKey: thehive4.apiKey, http, version: 4 });
  });

  it('creates the alert without observables, then adds each at /api/v1/alert/{id}/artifact with TheHive 4 fields', async () => {
    const observables = [
      { dataType: 'ip', data: '203.0.113.7', message: 'source.ip', tags: ['src'], pap: 2 },
      { dataType: 'domain', data: 'evil.example', ioc: true },
    ];
    const created = await client4.createAlert(alert('v4-1', observables));
    expect(created.observablesAdded).toBe(2);
    const [create] = thehive4.requestsTo('POST', '/api/v1/alert');
    expect(create.json).not.toHaveProperty('observables');
    const artifacts = thehive4.requestsTo('POST', `/api/v1/alert/${encodeURIComponent(created.alert._id)}/artifact`);
    expect(artifacts.map((r) => r.json)).toEqual([
      { dataType: 'ip', data: '203.0.113.7', message: 'source.ip', tags: ['src'] },
      { dataType: 'domain', data: 'evil.example', ioc: true },
    ]);
    expect(thehive4.requestsTo('POST', `/api/v1/alert/${encodeURIComponent(created.alert._id)}/observable`)).toHaveLength(0);
    expect(thehive4.observablesOf(created.alert._id).map((o) => o.data)).toEqual(['203.0.113.7', 'evil.example']);
  });

  it('counts only the observables TheHive 4 stored, and merges a re-post through the artifact route', async () => {
    const first = await executeActions([{ kind: 'createAlert', alert: alert('v4-2') }], client4);
    expect(first.alerts).toEqual([expect.objectContaining({ outcome: 'created', observablesAdded: 1 })]);
    const again = alert('v4-2', [
      { dataType: 'ip', data: '203.0.113.7' },
      { dataType: 'hash', data: 'd41d8cd98f00b204e9800998ecf8427e' },
    ]);
    const merged = await executeActions([{ kind: 'createAlert', alert: again }], client4);
    expect(merged.alerts).toEqual([expect.objectContaining({ outcome: 'merged', observablesAdded: 1 })]);
    expect(thehive4.observablesOf(thehive4.alerts[0]._id).map((o) => o.data)).toEqual(['203.0.113.7', 'd41d8cd98f00b204e9800998ecf8427e']);
  });

  it('speaks TheHive 5 as before: observables inside the alert, …/observable to add more', async () => {
    const created = await client.createAlert(alert('v5-1'));
    expect(created.observablesAdded).toBe(1);
    expect(thehive.requestsTo('POST', '/api/v1/alert')[0].json).toMatchObject({ observables: [{ dataType: 'ip', data: '203.0.113.7' }] });
    await client.addObservables(created.alert._id, [{ dataType: 'domain', data: 'evil.example' }]);
    expect(thehive.requestsTo('POST', `/api/v1/alert/${encodeURIComponent(created.alert._id)}/observable`)).toHaveLength(1);
  });
});
