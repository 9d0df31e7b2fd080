/**
 * The embedded emulators (local/emulators.ts) for one integration test file: started before its
 * tests, stopped after them, with the adapters most tests drive them through.
 */
import { afterAll, beforeAll } from 'vitest';
import { startEmulators, type Emulators } from '../../local/emulators.js';
import { DynamoStateStore } from '../../shared/adapters/dynamodb.js';
import { SqsQueueClient } from '../../shared/adapters/sqs.js';

export interface TestEmulators extends Emulators {
  /** the QueueClient port over `sqs` */
  queue: SqsQueueClient;
}

export interface TestEmulatorsWithTable extends TestEmulators {
  /** the StateStore port over `dynamo`, on the table created before the tests */
  state: DynamoStateStore;
}

/**
 * Registers the calling file's beforeAll (start) and afterAll (stop). The returned object is
 * filled in by that beforeAll, so read its fields in hooks and tests, not at the top level.
 */
export function useEmulators(): TestEmulators;
export function useEmulators(options: { tableName: string }): TestEmulatorsWithTable;
export function useEmulators(options: { tableName?: string } = {}): TestEmulators {
  const started = {} as TestEmulators & Partial<TestEmulatorsWithTable>;
  beforeAll(async () => {
    const emulators = await startEmulators(options);
    Object.assign(started, emulators, { queue: new SqsQueueClient(emulators.sqs) });
    if (options.tableName) started.state = new DynamoStateStore(emulators.dynamo, options.tableName);
  });
  // no stop when the start failed: that failure is the one to report
  afterAll(async () => started.stop?.());
  return started;
}
