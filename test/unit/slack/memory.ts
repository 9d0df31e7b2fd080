/** In-memory ports for the Slack use-case unit tests (the integration and e2e tests use the real adapters). */
import type { OutgoingMessage, QueueClient, StateItem, StateStore } from '../../../shared/ports.js';
import type { SlackUser, SlackWebApi } from '../../../shared/slack/client.js';
import type { CaseApi } from '../../../shared/slack/act.js';
import type { TheHiveCase, TheHiveUser } from '../../../shared/thehive/types.js';
import { TheHiveError } from '../../../shared/thehive/errors.js';
import type { Log } from '../../../shared/ports.js';

export function memoryQueue(options: { failSend?: boolean } = {}) {
  const sent: { queueUrl: string; message: OutgoingMessage }[] = [];
  const queue: QueueClient = {
    async sendBatch(queueUrl, messages) {
      if (options.failSend) throw new Error('queue unavailable');
      for (const message of messages) sent.push({ queueUrl, message });
    },
    async receive() {
      return [];
    },
    async delete() {},
    async changeVisibility() {},
    async purge() {},
    async approximateCount() {
      return sent.length;
    },
  };
  return { queue, sent, bodies: (url?: string) => sent.filter((s) => !url || s.queueUrl === url).map((s) => JSON.parse(s.message.body)) };
}

export type SlackCall = { method: string; args: any };

export function stubSlack(options: { users?: SlackUser[]; groups?: Record<string, string[]>; fail?: Partial<Record<keyof SlackWebApi, Error>> } = {}) {
  const calls: SlackCall[] = [];
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const record = async (method: keyof SlackWebApi, args: any) => {
    calls.push({ method, args });
    const failure = options.fail?.[method];
    if (failure) throw failure;
  };
  const api: SlackWebApi = {
    async usersInfo(user) {
      await record('usersInfo', user);
      const found = users.get(user);
      if (!found) throw new Error('user_not_found');
      return found;
    },
    async viewsOpen(triggerId, view) {
      await record('viewsOpen', { triggerId, view });
      return { viewId: 'V1' };
    },
    async chatUpdate(message) {
      await record('chatUpdate', message);
    },
    async chatPostMessage(message) {
      await record('chatPostMessage', message);
      return { ts: '1700000999.000100' };
    },
    async chatPostEphemeral(message) {
      await record('chatPostEphemeral', message);
    },
    async usergroupsUsersList(group) {
      await record('usergroupsUsersList', group);
      return options.groups?.[group] ?? [];
    },
    async respond(responseUrl, message, timeoutMs) {
      await record('respond', { responseUrl, ...message, timeoutMs });
    },
  };
  return { api, calls, of: (method: keyof SlackWebApi) => calls.filter((c) => c.method === method).map((c) => c.args) };
}

export function memoryCases(cases: TheHiveCase[], users: TheHiveUser[] = []) {
  const store = new Map(cases.map((c) => [c._id, { ...c }]));
  const calls: { method: string; args: unknown[] }[] = [];
  const tasks: { caseId: string; task: Record<string, unknown> }[] = [];
  let failNext: Error | undefined;
  const take = () => {
    const error = failNext;
    failNext = undefined;
    if (error) throw error;
  };
  const api: CaseApi = {
    async getCase(id) {
      calls.push({ method: 'getCase', args: [id] });
      take();
      const found = store.get(id);
      if (!found) throw new TheHiveError('not-found', `TheHive get case: HTTP 404 NotFoundError: Case ${id} not found`, 404);
      return { ...found };
    },
    async updateCase(id, changes) {
      calls.push({ method: 'updateCase', args: [id, changes] });
      take();
      Object.assign(store.get(id)!, changes);
    },
    async createTask(caseId, task) {
      calls.push({ method: 'createTask', args: [caseId, task] });
      take();
      tasks.push({ caseId, task: task as unknown as Record<string, unknown> });
      return { _id: `~task${tasks.length}`, ...task };
    },
    async findUserByEmail(email) {
      calls.push({ method: 'findUserByEmail', args: [email] });
      take();
      return users.find((u) => u.email === email);
    },
  };
  return {
    api,
    calls,
    tasks,
    store,
    /** the next TheHive call throws this */
    failNextWith(error: Error) {
      failNext = error;
    },
    writes: () => calls.filter((c) => c.method === 'updateCase' || c.method === 'createTask'),
  };
}

export function memoryState(): StateStore & { items: Map<string, StateItem> } {
  const items = new Map<string, StateItem>();
  const key = (pk: string, sk: string) => `${pk}\u0000${sk}`;
  return {
    items,
    async putIfAbsent(item) {
      if (items.has(key(item.pk, item.sk))) return false;
      items.set(key(item.pk, item.sk), { ...item });
      return true;
    },
    async put(item) {
      items.set(key(item.pk, item.sk), { ...item });
    },
    async get(pk, sk) {
      const found = items.get(key(pk, sk));
      return found ? { ...found } : undefined;
    },
    async delete(pk, sk) {
      items.delete(key(pk, sk));
    },
    async query(pk) {
      return [...items.values()].filter((i) => i.pk === pk);
    },
    async update(pk, sk, changes) {
      const item = items.get(key(pk, sk)) ?? { pk, sk };
      for (const [name, value] of Object.entries(changes.add ?? {})) item[name] = ((item[name] as number | undefined) ?? 0) + value;
      Object.assign(item, changes.set ?? {});
      items.set(key(pk, sk), item);
    },
  };
}

export function recordingLog() {
  const entries: { level: string; message: string; attributes?: Record<string, unknown> }[] = [];
  const log: Log = {
    debug: (message, attributes) => entries.push({ level: 'debug', message, attributes }),
    info: (message, attributes) => entries.push({ level: 'info', message, attributes }),
    warn: (message, attributes) => entries.push({ level: 'warn', message, attributes }),
    error: (message, attributes) => entries.push({ level: 'error', message, attributes }),
  };
  return { log, entries };
}

export const fixedClock = (now: number) => ({ now: () => now });
