/**
 * GET /functions/{name}: mode, counters, last success, last error and recent runs.
 * `?run=<runId>` answers one run with the payload it was posted with (for a fix and a retry).
 */
import type { FunctionHttpRequest, FunctionHttpResponse, FunctionsDeps } from './deps.js';
import { STATUS_SK, functionPk, getRun, recentRuns, runPayload, type Counter, type LastEvent, type RunRecord } from './runs.js';
import type { FunctionConfig } from './schema.js';

const counters: Counter[] = [
  'received',
  'rejected',
  'duplicatePosts',
  'succeeded',
  'duplicates',
  'ignored',
  'failed',
  'retries',
  'alertsCreated',
  'observablesAdded',
];

export interface FunctionStatus {
  function: string;
  type: string;
  mode: string;
  counters: Record<Counter, number>;
  lastSuccess: LastEvent | null;
  lastError: LastEvent | null;
  recentRuns: RunRecord[];
}

export async function readFunctionStatus(fn: FunctionConfig, deps: Pick<FunctionsDeps, 'store'>, limit = 20): Promise<FunctionStatus> {
  const item = await deps.store.get(functionPk(fn.name), STATUS_SK);
  return {
    function: fn.name,
    type: fn.type,
    mode: fn.mode,
    counters: Object.fromEntries(counters.map((name) => [name, typeof item?.[name] === 'number' ? item[name] : 0])) as Record<Counter, number>,
    lastSuccess: (item?.lastSuccess as LastEvent | undefined) ?? null,
    lastError: (item?.lastError as LastEvent | undefined) ?? null,
    recentRuns: await recentRuns(deps.store, fn.name, limit),
  };
}

export async function functionStatus(fn: FunctionConfig, request: FunctionHttpRequest, deps: Pick<FunctionsDeps, 'store'>): Promise<FunctionHttpResponse> {
  const runId = request.query.run;
  if (runId !== undefined) {
    const found = await getRun(deps.store, fn.name, runId);
    if (!found) return { status: 404, body: { error: `no run "${runId}" (runs are kept ${fn.runRetentionDays} days)`, field: 'query.run' } };
    const text = await runPayload(deps.store, fn.name, found.item);
    let payload: unknown = text;
    try {
      if (text !== undefined) payload = JSON.parse(text);
    } catch {
      // keep the text as posted
    }
    return { status: 200, body: { ...found.record, payload } };
  }
  const limitText = request.query.limit;
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { status: 400, body: { error: 'expected an integer from 1 to 100', field: 'query.limit' } };
  return { status: 200, body: { ...(await readFunctionStatus(fn, deps, limit)) } };
}
