/** The local runtime's routes for functions (local/routes.ts adds them in one line). */
import { dirname } from 'node:path';
import type { LocalContext } from '../../local/context.js';
import type { HttpHandler, Route } from '../../local/http-server.js';
import { localCustomTranslatorLoader } from '../../shared/functions/custom-local.js';
import { createFunctionIntakeHandler, FUNCTION_PATH } from './create.js';

/** Custom modules are resolved next to the config file (the working folder without one). */
export const localCustomLoader = (ctx: Pick<LocalContext, 'configPath'>) =>
  localCustomTranslatorLoader(ctx.configPath ? dirname(ctx.configPath) : process.cwd());

export function functionRoutes(ctx: LocalContext): Route[] {
  if (!ctx.config.functions.length) return [];
  const queueUrls = Object.fromEntries(ctx.config.functions.map((fn) => [fn.name, ctx.queues[`function:${fn.name}`]?.queueUrl]).filter(([, url]) => url));
  const handler: HttpHandler = createFunctionIntakeHandler({ ...ctx, queueUrls, loadCustom: localCustomLoader(ctx) });
  return [
    { method: 'POST', path: FUNCTION_PATH, handler, functionName: 'function-intake' },
    { method: 'GET', path: FUNCTION_PATH, handler, functionName: 'function-intake' },
  ];
}
