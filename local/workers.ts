/**
 * The local queue consumers: one per deployed worker Lambda, each polled like an SQS event
 * source mapping. Adding a kind of worker is one line in `buildWorkers`.
 */
import { createNotifyHandler } from '../functions/notify/create.js';
import type { LocalContext } from './context.js';
import type { Worker } from './poller.js';
import { functionWorkers } from '../functions/translate/local.js';
import { slackWorkers } from './slack.js';

async function notifierWorkers(ctx: LocalContext): Promise<Worker[]> {
  return Promise.all(
    ctx.config.notifiers.map(async (notifier) => {
      const pair = await ctx.queuePair('notifier', notifier.name, notifier.maxReceiveCount);
      const once = ctx.newOnceStore();
      const handler = createNotifyHandler({
        ...ctx,
        ...pair,
        once,
        onContext: (context) => once.registerContext(context),
        onResult: (result, record) => ctx.options.onDelivery?.(result, record),
      });
      return { name: `notify-${notifier.name}`, queueUrl: pair.queueUrl, handler, timeoutSeconds: notifier.timeoutSeconds * 3 + 5 };
    }),
  );
}

export async function buildWorkers(ctx: LocalContext): Promise<Worker[]> {
  return [...(await notifierWorkers(ctx)), ...(await functionWorkers(ctx)), ...(await slackWorkers(ctx))];
}
