/**
 * What `hive-relay function test|status` needs from the functions feature:
 *   - the headers a source sends for a function's auth (to call POST/GET /functions/{name});
 *   - a dry run in-process (no endpoint needed; the only way for custom modules on AWS);
 *   - the status as readable text.
 */
import { dirname } from 'node:path';
import type { RelayConfig } from '../config/schema.js';
import type { Clock, HttpClient, SecretResolver } from '../ports.js';
import { localCustomTranslatorLoader } from './custom-local.js';
import type { FunctionHttpResponse } from './deps.js';
import { dryRun } from './intake.js';
import type { FunctionConfig } from './schema.js';
import type { FunctionStatus } from './status.js';

export function findFunctionConfig(config: RelayConfig, name: string): FunctionConfig {
  const fn = config.functions.find((f) => f.name === name);
  if (!fn) {
    const known = config.functions.map((f) => f.name);
    throw new Error(`no function named "${name}" in the config${known.length ? ` (functions: ${known.join(', ')})` : ''}`);
  }
  return fn;
}

/** Headers that pass the function's auth (values are secrets: never print them). */
export async function functionAuthHeaders(fn: FunctionConfig, secrets: SecretResolver): Promise<Record<string, string>> {
  switch (fn.auth.type) {
    case 'bearer':
      return { authorization: `Bearer ${await secrets.get(fn.auth.token)}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${fn.auth.username}:${await secrets.get(fn.auth.password)}`).toString('base64')}` };
    case 'header':
      return { [fn.auth.name.toLowerCase()]: await secrets.get(fn.auth.token) };
    default:
      return {};
  }
}

/**
 * Dry run of `name` on `body` in this process: same translation and planned requests as
 * `POST /functions/{name}?dryRun=true`. Sekoia functions still read the alert from Sekoia.io
 * (a GET); nothing is sent to TheHive and nothing is stored.
 */
export function dryRunInProcess(
  config: RelayConfig,
  configPath: string,
  name: string,
  body: string,
  deps: { secrets: SecretResolver; http: HttpClient; clock?: Clock },
): Promise<FunctionHttpResponse> {
  const fn = findFunctionConfig(config, name);
  return dryRun(fn, body, {
    functions: config.functions,
    thehive: config.thehive,
    // a dry run reads and writes no state
    store: undefined as never,
    clock: deps.clock ?? { now: () => Date.now() },
    secrets: deps.secrets,
    http: deps.http,
    loadCustom: localCustomTranslatorLoader(dirname(configPath)),
  });
}

const ago = (iso: string, now: number) => {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
};

/** `GET /functions/{name}`'s answer as text for a terminal. */
export function formatFunctionStatus(status: FunctionStatus, now: number): string {
  const c = status.counters;
  const lines = [
    `function ${status.function} (${status.type}), mode ${status.mode}`,
    `  runs: ${c.received} accepted, ${c.rejected} rejected (400), ${c.duplicatePosts} re-posts ignored; ` +
      `${c.succeeded} succeeded, ${c.duplicates} already in TheHive, ${c.ignored} with nothing to do, ${c.failed} failed, ${c.retries} retries`,
    `  TheHive: ${c.alertsCreated} alerts created, ${c.observablesAdded} observables added to existing alerts`,
    status.lastSuccess
      ? `  last success: ${status.lastSuccess.at} (${ago(status.lastSuccess.at, now)}) run ${status.lastSuccess.runId}: ${status.lastSuccess.message}`
      : '  last success: never',
    status.lastError
      ? `  last error:   ${status.lastError.at} (${ago(status.lastError.at, now)})${status.lastError.runId ? ` run ${status.lastError.runId}` : ''} [${status.lastError.kind ?? 'error'}]: ${status.lastError.message}`
      : '  last error:   none',
  ];
  if (status.recentRuns.length) {
    lines.push('  recent runs:');
    for (const run of status.recentRuns) {
      const detail = run.error ? `${run.error.field ? `${run.error.field}: ` : ''}${run.error.message}` : (run.alerts ?? []).map((a) => `${a.outcome} ${a.id ?? a.sourceRef}`).join(', ') || run.note || '';
      lines.push(`    ${run.receivedAt}  ${run.runId}  ${run.status.padEnd(9)} ${detail}`.trimEnd());
    }
  }
  return lines.join('\n');
}
