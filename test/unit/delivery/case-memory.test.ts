/**
 * What delivery remembers per case (here: a Slack bot's message) and how it keeps a case to
 * one top-level message when SQS hands an event out again.
 */
import { describe, expect, it } from 'vitest';
import { deliver } from '../../../shared/delivery/deliver.js';
import { memoryItemKey } from '../../../shared/delivery/memory-key.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import type { HttpRequest, StateItem } from '../../../shared/ports.js';
import { MemoryState, ScriptedHttp, secretsOf } from '../fakes.js';
import { caseLife } from '../notifiers/fixtures.js';
import { testDeps } from './fakes.js';

/** Slack's Web API: every call succeeds, each new message gets the next ts. */
function slackApi() {
  let ts = 100;
  return new ScriptedHttp((request) => {
    const sent = JSON.parse(request.body ?? '{}') as { ts?: string };
    return { status: 200, headers: {}, body: JSON.stringify({ ok: true, channel: 'C1', ts: sent.ts ?? `${++ts}.000` }) };
  });
}

const bot = (extra: Record<string, unknown> = {}) => ({ name: 'bot', type: 'slack', triggers: ['AnyEvent'], botToken: { secret: 'TOKEN' }, channel: 'C1', ...extra });
const record = (eventKey: string, event: RelayEvent, receiveCount = 1) => ({
  messageId: eventKey,
  receiveCount,
  body: JSON.stringify({ v: 1, notifier: 'bot', eventKey, event, acceptedAt: 0 }),
});
/** A state table whose next memory write fails (first-post claims still work). */
class FailingMemoryWrite extends MemoryState {
  failNext = true;
  override async put(item: StateItem) {
    if (this.failNext && item.pk.startsWith('MEM#')) {
      this.failNext = false;
      throw new Error('ProvisionedThroughputExceededException');
    }
    return super.put(item);
  }
}

const calls = (requests: HttpRequest[]) =>
  requests.map((r) => `${r.url.split('/').pop()}${JSON.parse(r.body!).thread_ts ? ' (thread)' : ''}`);

describe('delivery: one message per case', () => {
  it.each([['both'], ['thread']])('sends nothing when the event that posted the case message comes again (follow: %s)', async (follow) => {
    const http = slackApi();
    const deps = testDeps([bot({ follow })], { http, secrets: secretsOf({ TOKEN: 'xoxb-1' }) });
    expect(await deliver(record('A', caseLife.created()), deps)).toMatchObject({ kind: 'delivered', replayed: 0 });
    // a batch failure, a failed delete or a duplicate of the standard queue: the same message again
    expect(await deliver(record('A', caseLife.created(), 2), deps)).toMatchObject({ kind: 'delivered', requests: 1, replayed: 1 });
    expect(calls(http.requests)).toEqual(['chat.postMessage']);
  });

  it('keeps the newer event’s memory when the first event comes again after it', async () => {
    const http = slackApi();
    const state = new MemoryState();
    const deps = testDeps([bot()], { http, state, secrets: secretsOf({ TOKEN: 'xoxb-1' }) });
    await deliver(record('A', caseLife.created()), deps);
    await deliver(record('B', caseLife.inProgress()), deps);
    await deliver(record('A', caseLife.created(), 2), deps);
    expect(calls(http.requests)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage (thread)']);
    const { pk, sk } = memoryItemKey('bot', '~41');
    expect((await state.get(pk, sk))?.memory).toMatchObject({ lastEventAt: caseLife.inProgress()._createdAt });
    // so an event older than B still cannot redraw the message
    await deliver(record('T', { ...caseLife.created(), _createdAt: caseLife.created()._createdAt + 1 }), deps);
    expect(calls(http.requests).slice(3)).toEqual(['chat.postMessage (thread)']);
  });

  it('comes back soon when the memory of the first post is not saved, and the case keeps one message', async () => {
    const http = slackApi();
    const state = new FailingMemoryWrite();
    const deps = testDeps([bot()], { http, state, secrets: secretsOf({ TOKEN: 'xoxb-1' }) });
    const first = await deliver(record('A', caseLife.created()), deps);
    expect(first).toMatchObject({ kind: 'requeued', delaySeconds: 5, attempts: 1, reason: 'memory not saved: ProvisionedThroughputExceededException' });
    const copy = deps.queue.sent.at(-1)!;
    expect(copy.queueUrl).toBe('queue://main');
    // meanwhile the next event of the case waits: A still holds the case's first post
    expect(await deliver(record('B', caseLife.inProgress()), deps)).toMatchObject({ kind: 'requeued', reason: expect.stringMatching(/^waiting for the first message/) });
    // A again: its post is replayed, not sent, and this time remembered
    expect(await deliver({ messageId: 'A2', body: copy.message.body, receiveCount: 1 }, deps)).toMatchObject({ kind: 'delivered', replayed: 1 });
    expect(await deliver(record('B', caseLife.inProgress()), deps)).toMatchObject({ kind: 'delivered', requests: 2 });
    expect(calls(http.requests)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage (thread)']);
  });
});
