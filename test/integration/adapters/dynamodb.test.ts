import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type Emulators } from '../../../local/emulators.js';
import { DynamoStateStore } from '../../../shared/adapters/dynamodb.js';

let emulators: Emulators;
let now = Date.UTC(2026, 5, 1);
const clock = { now: () => now };
let state: DynamoStateStore;

beforeAll(async () => {
  emulators = await startEmulators({ tableName: 'relay-state' });
  state = new DynamoStateStore(emulators.dynamo, 'relay-state', clock);
});
afterAll(async () => emulators.stop());

const seconds = () => Math.floor(now / 1000);

describe('DynamoDB state store over dynalite', () => {
  it('puts only when absent', async () => {
    expect(await state.putIfAbsent({ pk: 'A', sk: '1', v: 1 })).toBe(true);
    expect(await state.putIfAbsent({ pk: 'A', sk: '1', v: 2 })).toBe(false);
    expect((await state.get('A', '1'))?.v).toBe(1);
  });

  it('treats an expired item as absent, on read and for a conditional put, before any sweep', async () => {
    await state.put({ pk: 'T', sk: 'x', expiresAt: seconds() + 10, v: 'old' });
    expect((await state.get('T', 'x'))?.v).toBe('old');
    expect(await state.putIfAbsent({ pk: 'T', sk: 'x', expiresAt: seconds() + 10, v: 'new' })).toBe(false);
    now += 11_000;
    expect(await state.get('T', 'x')).toBeUndefined();
    expect(await state.putIfAbsent({ pk: 'T', sk: 'x', expiresAt: seconds() + 10, v: 'new' })).toBe(true);
    expect((await state.get('T', 'x'))?.v).toBe('new');
  });

  it('queries a partition in order, with a prefix and a limit, skipping expired items', async () => {
    for (const sk of ['RUN#001', 'RUN#002', 'RUN#003', 'MAP#a']) await state.put({ pk: 'FN#x', sk });
    await state.put({ pk: 'FN#x', sk: 'RUN#004', expiresAt: seconds() - 1 });
    expect((await state.query('FN#x', { skPrefix: 'RUN#' })).map((i) => i.sk)).toEqual(['RUN#001', 'RUN#002', 'RUN#003']);
    expect((await state.query('FN#x', { skPrefix: 'RUN#', descending: true, limit: 2 })).map((i) => i.sk)).toEqual(['RUN#003', 'RUN#002']);
  });

  it('adds to counters atomically and sets attributes', async () => {
    await Promise.all(Array.from({ length: 5 }, () => state.update('C', 'stats', { add: { sent: 1 } })));
    await state.update('C', 'stats', { add: { sent: 2, failed: 1 }, set: { last: 'ok' } });
    expect(await state.get('C', 'stats')).toMatchObject({ sent: 7, failed: 1, last: 'ok' });
  });

  it('deletes, and the sweep removes expired items for good', async () => {
    await state.put({ pk: 'D', sk: '1' });
    await state.delete('D', '1');
    expect(await state.get('D', '1')).toBeUndefined();
    await state.put({ pk: 'S', sk: 'gone', expiresAt: seconds() - 5 });
    await state.put({ pk: 'S', sk: 'kept', expiresAt: seconds() + 500 });
    await state.sweepExpired();
    // gone from the table itself, not just filtered: a read that ignores expiry finds only 'kept'
    now = 0;
    expect((await state.query('S')).map((i) => i.sk)).toEqual(['kept']);
    now = Date.UTC(2026, 5, 2);
  });
});
