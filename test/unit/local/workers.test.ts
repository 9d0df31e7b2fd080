import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/load.js';
import type { PowertoolsOnceStore } from '../../../shared/adapters/idempotency.js';
import { visibilityFor, type LocalContext } from '../../../local/context.js';
import { localLambdaContext } from '../../../local/lambda-context.js';
import { buildWorkers } from '../../../local/workers.js';

/** a once store that only records the deadlines registered on it */
function recordingStore() {
  const deadlines: number[] = [];
  const store = { registerContext: (context: { getRemainingTimeInMillis(): number }) => deadlines.push(context.getRemainingTimeInMillis()) };
  return { store: store as unknown as PowertoolsOnceStore, deadlines };
}

describe('local notifier workers', () => {
  it('each has its own idempotency store, so one worker’s deadline never becomes another’s', async () => {
    const config = parseConfig({
      ingest: { auth: { type: 'none' } },
      notifiers: [
        { name: 'slow', type: 'webhook', triggers: ['AnyEvent'], url: 'http://127.0.0.1:9/slow', timeoutSeconds: 60 },
        { name: 'fast', type: 'webhook', triggers: ['AnyEvent'], url: 'http://127.0.0.1:9/fast', timeoutSeconds: 1 },
      ],
    });
    const stores: ReturnType<typeof recordingStore>[] = [];
    const ctx = {
      config,
      logger: new Logger({ logLevel: 'SILENT' }),
      queuePair: async (kind: string, name: string) => ({ queueUrl: `q-${kind}-${name}`, dlqUrl: `d-${kind}-${name}` }),
      newOnceStore: () => {
        const recording = recordingStore();
        stores.push(recording);
        return recording.store;
      },
    } as unknown as LocalContext;

    const workers = await buildWorkers(ctx);
    expect(stores).toHaveLength(2);
    const empty: SQSEvent = { Records: [] };
    const fast = workers.find((worker) => worker.name === 'notify-fast')!;
    await fast.handler(empty, localLambdaContext(fast.name, fast.timeoutSeconds ?? 30));
    const slow = workers.find((worker) => worker.name === 'notify-slow')!;
    await slow.handler(empty, localLambdaContext(slow.name, slow.timeoutSeconds ?? 30));

    const [slowStore, fastStore] = stores;
    expect(fastStore.deadlines).toHaveLength(1);
    expect(slowStore.deadlines).toHaveLength(1);
    expect(slowStore.deadlines[0]).toBeGreaterThan(fastStore.deadlines[0]);
  });

  it('keep a message invisible longer than its worker may run, unless told otherwise', () => {
    expect(visibilityFor(185, undefined)).toBe(190);
    expect(visibilityFor(8, undefined)).toBe(30);
    expect(visibilityFor(185, 1)).toBe(1);
  });
});
