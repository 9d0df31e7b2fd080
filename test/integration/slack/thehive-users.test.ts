/**
 * Slack user → TheHive user, against the fake TheHive over loopback: by the `email` field, else
 * by login (TheHive 4 users have no email; in TheHive 5 it is optional and the login is usually
 * the address).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeHttpClient } from '../../../shared/adapters/http.js';
import { TheHiveClient } from '../../../shared/thehive/client.js';
import { startFakeTheHive, type FakeTheHive } from '../../fakes/thehive.js';

describe('TheHive user of a Slack email (loopback fake)', () => {
  let thehive: FakeTheHive;
  let client: TheHiveClient;

  beforeAll(async () => {
    thehive = await startFakeTheHive();
    client = new TheHiveClient({ url: thehive.baseUrl, apiKey: thehive.apiKey, http: new NodeHttpClient({ allowHosts: [], allowLoopback: true }) });
  });
  afterAll(() => thehive.stop());
  beforeEach(() => thehive.reset());

  it('finds a user by the email field first, without asking for the login', async () => {
    thehive.addUser('ann', 'ann@example.org', 'Ann');
    expect(await client.findUserByEmail('ann@example.org')).toMatchObject({ login: 'ann', name: 'Ann' });
    expect(thehive.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/query']);
  });

  it('falls back to the user whose login is the address when no user has that email (TheHive 4, or no email set)', async () => {
    thehive.addUser('bob@example.org', undefined, 'Bob');
    expect(await client.findUserByEmail('bob@example.org')).toMatchObject({ login: 'bob@example.org', name: 'Bob' });
    expect(thehive.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/query', 'GET /api/v1/user/bob%40example.org']);
  });

  it('tries the login when TheHive refuses the email filter (a TheHive 4 user has no email property)', async () => {
    thehive.addUser('dan@example.org', undefined, 'Dan');
    thehive.answerNext({ status: 400, body: { type: 'BadRequestError', message: 'Property email for User not found' } });
    expect(await client.findUserByEmail('Dan@Example.org')).toMatchObject({ login: 'dan@example.org' });
    expect(thehive.requests.at(-1)!.path).toBe('/api/v1/user/dan%40example.org');
  });

  it('finds no one when neither the email nor the login matches (TheHive answers 404)', async () => {
    thehive.addUser('carol@example.org', undefined);
    expect(await client.findUserByEmail('nobody@example.org')).toBeUndefined();
    expect(thehive.requests.at(-1)!.path).toBe('/api/v1/user/nobody%40example.org');
  });

  it('still fails on an error that is not "no such user"', async () => {
    thehive.answerNext({ status: 200, body: [] });
    thehive.answerNext({ status: 503, body: { type: 'InternalError', message: 'db down' } });
    expect(await client.findUserByEmail('ann@example.org').catch((e) => e)).toMatchObject({ kind: 'transient', status: 503 });
    thehive.answerNext({ status: 401, body: { type: 'AuthenticationError', message: 'Authentication failure' } });
    expect(await client.findUserByEmail('ann@example.org').catch((e) => e)).toMatchObject({ kind: 'configuration' });
  });
});
