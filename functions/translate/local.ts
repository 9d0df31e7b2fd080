/** The local runtime's translate workers, one per function (local/workers.ts adds them in one line). */
import type { LocalContext } from '../../local/context.js';
import type { Worker } from '../../local/poller.js';
import { localCustomLoader } from '../function-intake/local.js';
import { createTranslateHandler } from './create.js';

/** TheHive calls plus one enrichment call per alert, like TRANSLATE_TIMEOUT of the stack. */
const TIMEOUT_SECONDS = 60;

export async function functionWorkers(ctx: LocalContext): Promise<Worker[]> {
  return Promise.all(
    ctx.config.functions.map(async (fn) => {
      const pair = await ctx.queuePair('function', fn.name, fn.maxReceiveCount);
      const handler = createTranslateHandler({ ...ctx, dlqUrl: pair.dlqUrl, loadCustom: localCustomLoader(ctx) });
      return { name: `translate-${fn.name}`, queueUrl: pair.queueUrl, handler, timeoutSeconds: TIMEOUT_SECONDS };
    }),
  );
}
