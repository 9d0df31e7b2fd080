/** The ingest's two-phase dedupe mark: a duplicate hears 2xx only once the first post is queued. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/load.js';
import { ingest, type IngestDeps } from '../../../shared/ingest/ingest.js';
import { dedupeKey, PENDING_MARK_SECONDS } from '../../../shared/ingest/dedupe-mark.js';
import { eventKey } from '../../../shared/events/key.js';
import { InMemoryMetrics } from '../../../shared/adapters/metrics.js';
import { INGEST_TIMEOUT } from '../../../infra/relay-stack.js';
import type { OutgoingMessage } from '../../../shared/ports.js';
import { fixtureText } from '../../fixtures/thehive/index.js';
import { MemoryState, RecordingQueue, secretsOf } from '../fakes.js';

const NOW = 1_700_000_000_000;
const body = fixtureText('v4', 'alert-create');
const key = dedupeKey(eventKey(body));

function setup(state = new MemoryState(), queue = new RecordingQueue()) {
  const warnings: string[] = [];
  const metrics = new InMemoryMetrics();
  const deps: IngestDeps = {
    config: parseConfig({ ingest: { auth: { type: 'none' } }, notifiers: [{ name: 'all', type: 'console', triggers: ['AnyEvent'] }] }, 'test'),
    secrets: secretsOf({}),
    queue,
    queueUrls: { all: 'queue://all' },
    state,
    clock: { now: () => NOW },
    metrics,
    log: { debug() {}, info() {}, warn: (message: string) => void warnings.push(message), error() {} },
  };
  const post = () => ingest({ method: 'POST', path: '/webhooks/thehive', headers: { 'content-type': 'application/json' }, body, bodyBytes: Buffer.byteLength(body) }, deps);
  return { post, state, queue, metrics, warnings };
}

describe('ingest dedupe mark', () => {
  it('outlasts the ingest Lambda: a pending mark lapses only once its writer has timed out', () => {
    expect(PENDING_MARK_SECONDS).toBeGreaterThan(INGEST_TIMEOUT.toSeconds());
  });

  it('never answers "duplicate" after a failed enqueue whose mark could not be released', async () => {
    const state = new (class extends MemoryState {
      override async delete() {
        throw new Error('throttled');
      }
    })();
    const { post, queue, warnings } = setup(state);
    queue.failSends = true;
    expect((await post()).status).toBe(503);
    queue.failSends = false;
    const again = await post();
    expect(again.status).toBe(503);
    expect(again.headers?.['retry-after']).toBe(String(PENDING_MARK_SECONDS));
    expect((again.body as { error: string }).error).toMatch(/being routed .* post it again/);
    expect(queue.sent).toHaveLength(0);
    expect(warnings).toContain('dedupe mark not released');
  });

  it('answers 503, not "duplicate", while the first post of the same body is still sending; "duplicate" once it is queued', async () => {
    const queue = new RecordingQueue();
    let finish = () => {};
    const send = queue.sendBatch.bind(queue);
    queue.sendBatch = (url: string, messages: OutgoingMessage[]) => new Promise<void>((resolve) => (finish = () => void send(url, messages).then(resolve)));
    const { post, metrics } = setup(undefined, queue);
    const first = post();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const during = await post();
    expect(during).toMatchObject({ status: 503, headers: { 'retry-after': expect.any(String) } });
    expect(metrics.get('IngestInFlight')).toBe(1);
    finish();
    expect(await first).toEqual({ status: 202, body: { accepted: true, routed: ['all'] } });
    expect(await post()).toEqual({ status: 202, body: { accepted: true, duplicate: true, routed: [] } });
    expect(queue.sent).toHaveLength(1);
  });

  it('confirms the mark for dedupeSeconds once the event is queued', async () => {
    const { post, state } = setup();
    await post();
    expect(state.items.get(`${key.pk}|${key.sk}`)).toMatchObject({ state: 'routed', expiresAt: NOW / 1000 + 86_400 });
  });

  it('still answers 202 when the confirmation cannot be written: the event is queued', async () => {
    const state = new (class extends MemoryState {
      override async put() {
        throw new Error('throttled');
      }
    })();
    const { post, queue, warnings } = setup(state);
    expect(await post()).toEqual({ status: 202, body: { accepted: true, routed: ['all'] } });
    expect(queue.sent).toHaveLength(1);
    expect(warnings).toContain('dedupe mark not confirmed');
  });

  it('takes a mark written before the pending phase existed (no state) as routed', async () => {
    const { post, state, queue } = setup();
    state.items.set(`${key.pk}|${key.sk}`, { ...key, acceptedAt: NOW - 1000, expiresAt: NOW / 1000 + 3600 });
    expect((await post()).body).toMatchObject({ duplicate: true });
    expect(queue.sent).toHaveLength(0);
  });
});
