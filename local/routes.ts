/**
 * The local API: the same routes, and the same handlers, as the deployed HTTP API.
 * Adding a route is one line here (handlers are factories taking LocalContext-built deps).
 */
import { createIngestHandler, HEALTH_PATH, INGEST_PATH } from '../functions/ingest/create.js';
import type { LocalContext } from './context.js';
import { functionRoutes } from '../functions/function-intake/local.js';
import { slackRoutes } from './slack.js';
import type { HttpHandler, Route } from './http-server.js';

function ingestHandler(ctx: LocalContext): HttpHandler {
  const queueUrls = Object.fromEntries(ctx.config.notifiers.map((n) => [n.name, ctx.queues[`notifier:${n.name}`].queueUrl]));
  return createIngestHandler({ ...ctx, queueUrls });
}

/** Local only: where the emulated queues are, for `hive-relay dlq … --local`. */
function runtimeInfo(ctx: LocalContext): HttpHandler {
  return async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ sqsEndpoint: ctx.emulators.sqsEndpoint, dynamoEndpoint: ctx.emulators.dynamoEndpoint, tableName: ctx.tableName, queues: ctx.queues }),
  });
}

export function buildRoutes(ctx: LocalContext): Route[] {
  const ingest = ingestHandler(ctx);
  return [
    { method: 'POST', path: INGEST_PATH, handler: ingest, functionName: 'ingest' },
    { method: 'GET', path: HEALTH_PATH, handler: ingest, functionName: 'ingest' },
    { method: 'GET', path: '/_local/runtime', handler: runtimeInfo(ctx) },
    ...functionRoutes(ctx),
    ...slackRoutes(ctx),
  ];
}
