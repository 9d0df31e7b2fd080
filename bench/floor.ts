/**
 * Section 2b: the API-call floor of the local end-to-end path. The storage and queue calls
 * one event costs, and nothing else: no HTTP in or out, no handler, no template, no load
 * generator or sink. It uses the relay's own emulators (fauxqs and dynalite in their thread),
 * the same transport, the same clients and the same adapters, in the same pattern as the relay:
 *   ingest:   the dedupe mark's two phases (a conditional PutItem before, a PutItem after)
 *             around SendMessageBatch with the event;
 *   delivery: ReceiveMessage (up to 10), Powertools idempotency per message (its conditional
 *             PutItem, then the UpdateItem that completes it), DeleteMessageBatch.
 * The CPU this costs per event bounds what the whole relay can sustain on this machine.
 */
import { cpus } from 'node:os';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { startEmulators } from '../local/emulators.js';
import { createDynamoClient, DynamoStateStore } from '../shared/adapters/dynamodb.js';
import { PowertoolsOnceStore } from '../shared/adapters/idempotency.js';
import { claimDedupeMark, confirmDedupeMark } from '../shared/ingest/dedupe-mark.js';
import { createSqsClient, SqsQueueClient } from '../shared/adapters/sqs.js';
import { fixture } from '../test/fixtures/thehive/index.js';

export interface FloorResult {
  events: number;
  seconds: number;
  /** CPU of this process (both threads) per event, ms */
  cpuMsPerEvent: number;
  cpus: number;
  /** events/s if the API calls had every core to themselves */
  ceilingEventsPerSecond: number;
}

const TABLE = 'hive-relay-floor';
const INGEST_CONCURRENCY = 16;
const POLLERS = 2;

export async function runFloorBench(options: { events: number; warmupEvents: number }): Promise<FloorResult> {
  const emulators = await startEmulators({ tableName: TABLE });
  try {
    const queue = new SqsQueueClient(emulators.sqs);
    const pollSqs = createSqsClient({ endpoint: emulators.sqsEndpoint, requestHandler: emulators.requestHandlers.sqs });
    const pollQueue = new SqsQueueClient(pollSqs);
    const state = new DynamoStateStore(emulators.dynamo, TABLE);
    const onceDynamo = createDynamoClient({ endpoint: emulators.dynamoEndpoint, cacheMiddleware: true, requestHandler: emulators.requestHandlers.dynamodb });
    const once = new PowertoolsOnceStore({ client: onceDynamo, tableName: TABLE });
    const queueUrl = (await emulators.sqs.send(new CreateQueueCommand({ QueueName: 'floor' }))).QueueUrl!;
    const body = JSON.stringify(fixture('v5-audit', 'case-create'));

    let run = 0;
    const pass = async (events: number) => {
      const tag = `r${run++}`;
      let next = 0;
      let delivered = 0;
      const ingest = async () => {
        while (next < events) {
          const n = next++;
          const eventKey = `${tag}-${n}`;
          const now = Date.now();
          if ((await claimDedupeMark(state, eventKey, now)).kind !== 'mine') throw new Error(`floor: event ${eventKey} was not new`);
          await queue.sendBatch(queueUrl, [{ id: 'event', body, attributes: { notifier: 'floor' } }]);
          await confirmDedupeMark(state, eventKey, now, 3600);
        }
      };
      const poll = async () => {
        while (delivered < events) {
          const messages = await pollQueue.receive(queueUrl, { max: 10, waitSeconds: 1, visibilitySeconds: 60 });
          await Promise.all(
            messages.map((message) =>
              once.once({ notifier: 'floor', eventKey: message.messageId, request: 'post' }, async () => ({ response: { status: 200, headers: {}, body: '' } })),
            ),
          );
          if (messages.length) await pollQueue.deleteBatch(queueUrl, messages.map((message) => message.receiptHandle));
          delivered += messages.length;
        }
      };
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all([...Array.from({ length: INGEST_CONCURRENCY }, ingest), ...Array.from({ length: POLLERS }, poll)]);
      const used = process.cpuUsage(cpu);
      return { seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
    };

    await pass(options.warmupEvents);
    const measured = await pass(options.events);
    const cpuMsPerEvent = measured.cpuMs / options.events;
    pollSqs.destroy();
    onceDynamo.destroy();
    return {
      events: options.events,
      seconds: measured.seconds,
      cpuMsPerEvent,
      cpus: cpus().length,
      ceilingEventsPerSecond: (cpus().length * 1000) / cpuMsPerEvent,
    };
  } finally {
    await emulators.stop();
  }
}
