/** The notify Lambda handler: partial batch responses from the delivery results. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../../functions/notify/create.js';
import { ScriptedHttp, secretsOf } from '../fakes.js';
import { notifierMessage, testDeps } from './fakes.js';

const context = { functionName: 'notify-hook', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

describe('notify handler', () => {
  it('reports only the records to retry in batchItemFailures', async () => {
    const deps = testDeps(
      [
        { name: 'ok', type: 'webhook', triggers: ['AnyEvent'], url: 'https://ok.example.org/' },
        { name: 'flaky', type: 'webhook', triggers: ['AnyEvent'], url: 'https://flaky.example.org/' },
        { name: 'broken', type: 'webhook', triggers: ['AnyEvent'], url: { secret: 'MISSING' } },
      ],
      {
        secrets: secretsOf({}),
        http: new ScriptedHttp((request) => ({ status: request.url.includes('flaky') ? 502 : 200, headers: {}, body: '' })),
      },
    );
    const contexts: Context[] = [];
    const handler = createNotifyHandler({ ...deps, logger: new Logger({ logLevel: 'SILENT' }), onContext: (c) => contexts.push(c) });
    const record = (id: string, notifier: string) => ({
      messageId: id,
      receiptHandle: id,
      body: JSON.stringify(notifierMessage(notifier)),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
      awsRegion: 'us-east-1',
    });
    const event = { Records: [record('1', 'ok'), record('2', 'flaky'), record('3', 'broken')] } as unknown as SQSEvent;
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(contexts).toEqual([context]);
    // the permanent failure was parked (and so is done), not left to retry
    expect(deps.queue.sent.map((s) => s.queueUrl)).toEqual(['queue://dlq']);
  });

  it('returns every record as failed, rather than throwing, when all of them must be retried', async () => {
    const deps = testDeps([{ name: 'flaky', type: 'webhook', triggers: ['AnyEvent'], url: 'https://flaky.example.org/' }], {
      http: new ScriptedHttp(() => ({ status: 500, headers: {}, body: '' })),
    });
    const handler = createNotifyHandler({ ...deps, logger: new Logger({ logLevel: 'SILENT' }) });
    const event = {
      Records: ['a', 'b'].map((id) => ({ messageId: id, receiptHandle: id, body: JSON.stringify(notifierMessage('flaky')), attributes: { ApproximateReceiveCount: '1' } })),
    } as unknown as SQSEvent;
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
  });
});
