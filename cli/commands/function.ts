/**
 * `hive-relay function test NAME PAYLOAD.json [--dry-run]` and `hive-relay function status NAME`.
 *
 * test --dry-run: the translator runs here, on the payload, and prints the summary and the
 *   exact TheHive requests it would make; nothing is sent to TheHive or the relay. (A Sekoia
 *   function still reads the alert from Sekoia's API, as its real run would.)
 * test: posts the payload to the running relay as the source would (with the function's own
 *   credentials), then follows the run until it finishes.
 * status: the relay's GET /functions/{name}: mode, counters, last success, last error, runs.
 * The relay is the local one (--local URL, default http://127.0.0.1:3000) or the deployed
 * stack's API (--aws / --stack NAME).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfigFile } from '../../shared/config/load.js';
import type { RelayConfig } from '../../shared/config/schema.js';
import { NodeHttpClient } from '../../shared/adapters/http.js';
import { localCustomTranslatorLoader } from '../../shared/functions/custom-local.js';
import { dryRun } from '../../shared/functions/intake.js';
import type { FunctionConfig } from '../../shared/functions/schema.js';
import { finishedStatuses, type RunRecord, type RunStatus } from '../../shared/functions/runs.js';
import type { FunctionStatus } from '../../shared/functions/status.js';
import type { StateStore } from '../../shared/ports.js';
import { localSecrets, stackSecrets } from '../cli-secrets.js';
import type { CliDeps } from '../deps.js';
import { functionAuthHeaders } from '../function-auth.js';
import { CliError, type CliIo } from '../io.js';
import type { CommonOptions } from '../main.js';
import { callRelay, describeRefusal, type RelayAnswer } from '../relay-api.js';
import { apiUrlFromOutputs, describeStackOutputs } from '../stack.js';
import { stackNameFor } from '../stack-name.js';
import { formatTable } from '../table.js';

export interface FunctionOptions {
  dryRun: boolean;
  aws: boolean;
}

const usage = `usage: hive-relay function test NAME PAYLOAD.json [--dry-run]
       hive-relay function status NAME`;

const failedStatuses: ReadonlySet<RunStatus> = new Set(['failed', 'rejected']);
/** Run states after which nothing more happens to a run. */
const doneStatuses: ReadonlySet<RunStatus> = new Set([...finishedStatuses, ...failedStatuses]);

export async function functionCommand(args: string[], options: FunctionOptions, common: CommonOptions, io: CliIo, deps: CliDeps = {}): Promise<number> {
  const [subcommand, name, payloadPath] = args;
  if (subcommand === 'test') {
    if (!name || !payloadPath) throw new CliError(`function test needs a function name and a payload file\n${usage}`, 2);
  } else if (subcommand === 'status') {
    if (!name) throw new CliError(`function status needs a function name\n${usage}`, 2);
  } else {
    throw new CliError(`${subcommand ? `unknown function command "${subcommand}"` : 'missing function command'}\n${usage}`, 2);
  }
  const config = loadConfigFile(common.configPath);
  const fn = findFunction(config, name, common.configPath);
  const env = deps.env ?? process.env;
  if (subcommand === 'test' && options.dryRun) return testDryRun(fn, config, readPayload(payloadPath), common, io, env);

  const relay = await relayFor(fn, config, options, common, deps, env);
  if (subcommand === 'status') return status(fn, relay, common, io);
  return test(fn, readPayload(payloadPath), relay, common, io, deps);
}

function findFunction(config: RelayConfig, name: string, configPath: string): FunctionConfig {
  const fn = config.functions.find((candidate) => candidate.name === name);
  if (fn) return fn;
  const known = config.functions.map((candidate) => candidate.name);
  throw new CliError(`no function named "${name}" in ${configPath}; known functions: ${known.length ? known.join(', ') : 'none'}`);
}

function readPayload(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const refusingStore: StateStore = new Proxy({} as StateStore, {
  get: () => () => Promise.reject(new Error('a dry run stores nothing')),
});

async function testDryRun(fn: FunctionConfig, config: RelayConfig, body: string, common: CommonOptions, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const answer = await dryRun(fn, body, {
    functions: config.functions,
    thehive: config.thehive,
    store: refusingStore,
    clock: { now: () => Date.now() },
    secrets: localSecrets(env),
    // only a translator's enrichment (Sekoia's alert API) is fetched; TheHive is never called
    http: new NodeHttpClient({ allowHosts: config.allowHosts, allowLoopback: true, userAgent: 'hive-relay-cli' }),
    loadCustom: localCustomTranslatorLoader(dirname(common.configPath)),
  });
  return printDryRun({ status: answer.status, body: answer.body }, common, io);
}

function printDryRun(answer: RelayAnswer, common: CommonOptions, io: CliIo): number {
  if (answer.status !== 200) {
    if (common.json) io.out(JSON.stringify(answer.body, null, 2));
    io.err(`dry run failed: ${describeRefusal(answer)}`);
    return 1;
  }
  if (common.json) {
    io.out(JSON.stringify(answer.body, null, 2));
    return 0;
  }
  const { summary, requests, fetched } = answer.body;
  const lines = [String(summary), '', 'TheHive requests it would make:', JSON.stringify(requests, null, 2)];
  if (fetched) lines.push('', 'Read to translate it:', JSON.stringify(fetched, null, 2));
  io.out(lines.join('\n'));
  return 0;
}

interface RelayTarget {
  /** `${base}/functions/${name}` */
  url: string;
  where: string;
  headers: Record<string, string>;
}

async function relayFor(fn: FunctionConfig, config: RelayConfig, options: FunctionOptions, common: CommonOptions, deps: CliDeps, env: NodeJS.ProcessEnv): Promise<RelayTarget> {
  const stackName = stackNameFor(common, options.aws, () => config);
  const path = `/functions/${encodeURIComponent(fn.name)}`;
  if (!stackName) {
    const base = common.local.replace(/\/+$/, '');
    return { url: base + path, where: `the local relay at ${base}`, headers: await functionAuthHeaders(fn.name, fn.auth, localSecrets(env)) };
  }
  const outputs = await (deps.stackOutputs ?? describeStackOutputs)(stackName);
  const base = apiUrlFromOutputs(outputs, stackName);
  return { url: base + path, where: `stack ${stackName}`, headers: await functionAuthHeaders(fn.name, fn.auth, stackSecrets(env, config.secrets)) };
}

async function test(fn: FunctionConfig, body: string, relay: RelayTarget, common: CommonOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const posted = await callRelay('POST', relay.url, relay.headers, body);
  // a function in dry-run mode answers the dry run right away
  if (posted.status === 200 && posted.body.dryRun) return printDryRun(posted, common, io);
  if (posted.status !== 202 || typeof posted.body.runId !== 'string') {
    if (common.json) io.out(JSON.stringify(posted.body, null, 2));
    io.err(`${relay.where} refused the payload: ${describeRefusal(posted)}${typeof posted.body.runId === 'string' ? ` (run ${posted.body.runId})` : ''}`);
    return 1;
  }
  const runId = posted.body.runId;
  if (!common.json) io.out(`run ${runId}${posted.body.duplicate ? ' (this payload was posted before: the earlier run)' : ''} accepted by ${relay.where}`);

  const interval = deps.pollIntervalMs ?? 1000;
  const deadline = Date.now() + (deps.pollTimeoutMs ?? 120_000);
  let last = '';
  for (;;) {
    const answer = await callRelay('GET', `${relay.url}?run=${encodeURIComponent(runId)}`, relay.headers);
    if (answer.status !== 200) throw new CliError(`cannot read run ${runId}: ${describeRefusal(answer)}`);
    const { payload: _payload, ...run } = answer.body as unknown as RunRecord & { payload?: unknown };
    if (run.status !== last && !common.json && !doneStatuses.has(run.status)) io.out(`  ${run.status}${run.error ? `: ${run.error.message}` : ''}`);
    last = run.status;
    if (doneStatuses.has(run.status)) {
      if (common.json) io.out(JSON.stringify(run, null, 2));
      else io.out(describeRun(run));
      return failedStatuses.has(run.status) ? 1 : 0;
    }
    if (Date.now() > deadline) {
      if (common.json) io.out(JSON.stringify(run, null, 2));
      io.err(`run ${runId} is still ${run.status}; follow it with: hive-relay function status ${fn.name}`);
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

function describeRun(run: RunRecord): string {
  const lines = [`run ${run.runId}: ${run.status} after ${run.attempts} attempt${run.attempts === 1 ? '' : 's'}`];
  for (const alert of run.alerts ?? []) {
    lines.push(`  alert ${alert.sourceRef} "${alert.title}": ${alert.outcome}${alert.id ? ` (TheHive id ${alert.id})` : ''}${alert.observablesAdded ? `, ${alert.observablesAdded} observables added` : ''}`);
  }
  if (run.note) lines.push(`  ${run.note}`);
  if (run.error) lines.push(`  error (${run.error.kind}${run.error.field ? `, field ${run.error.field}` : ''}): ${run.error.message}`);
  return lines.join('\n');
}

async function status(fn: FunctionConfig, relay: RelayTarget, common: CommonOptions, io: CliIo): Promise<number> {
  const answer = await callRelay('GET', relay.url, relay.headers);
  if (answer.status !== 200) {
    io.err(`${relay.where}: cannot read the status of function ${fn.name}: ${describeRefusal(answer)}`);
    return 1;
  }
  if (common.json) {
    io.out(JSON.stringify(answer.body, null, 2));
    return 0;
  }
  const body = answer.body as unknown as FunctionStatus;
  const last = (event: FunctionStatus['lastSuccess']) =>
    event ? `${event.at}${event.runId ? ` run ${event.runId}` : ''}${event.kind ? ` [${event.kind}]` : ''}: ${event.message}` : 'none';
  const lines = [
    `function ${body.function} (${body.type}) on ${relay.where}`,
    `mode:         ${body.mode}`,
    `counters:     ${Object.entries(body.counters).map(([name, value]) => `${name} ${value}`).join(', ')}`,
    `last success: ${last(body.lastSuccess)}`,
    `last error:   ${last(body.lastError)}`,
  ];
  if (body.recentRuns.length) {
    const rows = body.recentRuns.map((run) => [
      run.runId,
      run.status,
      run.receivedAt,
      String(run.attempts),
      (run.alerts ?? []).map((alert) => `${alert.outcome}${alert.id ? ` ${alert.id}` : ''}`).join(', ') || '-',
      run.error ? run.error.message : (run.note ?? ''),
    ]);
    lines.push('', 'recent runs:', formatTable(['RUN ID', 'STATUS', 'RECEIVED', 'ATTEMPTS', 'ALERTS', 'ERROR / NOTE'], rows));
  } else {
    lines.push('', 'recent runs: none');
  }
  io.out(lines.join('\n'));
  return 0;
}
