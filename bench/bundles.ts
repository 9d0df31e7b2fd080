/**
 * Section 3: each Lambda bundle's minified size and module load time.
 *
 * The esbuild options are read from the CDK construct itself (infra RelayFunction keeps what
 * it tells NodejsFunction in `.bundling`), built in a throwaway stack with asset bundling
 * switched off, so the bench bundles exactly as `cdk deploy` does and follows any change
 * there. The example config is embedded as the stack embeds it (the parsed config's JSON).
 * Bundles go to a temp folder whose node_modules holds only `@aws-sdk` (a link to the
 * project's), as the Lambda runtime provides only the SDK: any other external a bundle needs
 * at load fails here as it would there. Each bundle is then imported in fresh `node`
 * processes, with the environment the stack gives its functions (names only, every endpoint
 * on loopback: nothing is called at import).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { RelayFunction } from '../infra/constructs/relay-function.js';
import { DEFAULT_CONFIG_PATH, PROJECT_ROOT } from '../infra/relay-app.js';
import { loadConfigFile, parseConfig } from '../shared/config/load.js';
import type { RelayConfig } from '../shared/config/schema.js';
import { runtimeEnv } from '../shared/runtime-env.js';
import { median } from './stats.js';
import { onInterrupt } from './cleanup.js';

export interface BundleResult {
  entry: string;
  bytes: number;
  gzipBytes: number;
  /** which config is embedded */
  config: string;
  /** import() of the bundle in a fresh node process, ms: median and every run */
  loadMs: number;
  loadRuns: number[];
  /** of which: the runtime-provided imports (the AWS SDK clients), ms (median) */
  externalMs: number;
  /** of which: the bundle's own code (parse, compile, top-level work such as config validation), ms (median) */
  ownMs: number;
  /** node process start to exit, with the import, ms (median) */
  processMs: number;
  /** set when the bundle does not load (the message) */
  loadError?: string;
  /** largest contributors to the output, by package (or source folder), bytes */
  topPackages: Array<{ name: string; bytes: number }>;
  /** largest single inputs, bytes */
  topInputs: Array<{ path: string; bytes: number }>;
  /** largest folders (all inputs in one folder together: many small files add up), bytes */
  topFolders: Array<{ path: string; bytes: number }>;
}

/** Externals the Lambda Node.js runtime provides (imported first, and timed apart). */
const RUNTIME_PROVIDED = /^@aws-sdk\//;

/** The environment the stack gives the functions: resource names only (see shared/runtime-env.ts). */
const FUNCTION_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  // never reach AWS from the bench, even if something called out at import
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'hive-relay',
  POWERTOOLS_METRICS_NAMESPACE: 'HiveRelay',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  [runtimeEnv.stateTable]: 'hive-relay-state',
  [runtimeEnv.notifierQueues]: JSON.stringify({ console: 'http://127.0.0.1:9/000000000000/notifier-console' }),
  [runtimeEnv.functionQueues]: JSON.stringify({}),
  [runtimeEnv.notifierName]: 'console',
  [runtimeEnv.functionName]: 'bench',
  [runtimeEnv.queueUrl]: 'http://127.0.0.1:9/000000000000/worker',
  [runtimeEnv.dlqUrl]: 'http://127.0.0.1:9/000000000000/worker-dlq',
  [runtimeEnv.slackActionsQueue]: 'http://127.0.0.1:9/000000000000/slack-actions',
};

/**
 * Prints the import time (ms) of the bundle given as argv[1], split into its external packages
 * (argv[2], JSON list; imported first, as ESM links them before the bundle runs) and its own
 * code; exit 1 with the error otherwise. Runs with the bundle's folder as cwd, so bare
 * specifiers resolve from the project's node_modules.
 */
const LOADER = `
const { pathToFileURL } = await import('node:url');
const start = performance.now();
try {
  for (const specifier of JSON.parse(process.argv[2])) await import(specifier);
  const linked = performance.now();
  const module = await import(pathToFileURL(process.argv[1]).href);
  if (typeof module.handler !== 'function') throw new Error('no handler export');
  const end = performance.now();
  process.stdout.write(JSON.stringify({ ms: end - start, externalMs: linked - start, ownMs: end - linked }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error && error.message || error).split('\\n')[0] }));
  process.exitCode = 1;
}`;

interface LoadRun {
  ms?: number;
  externalMs?: number;
  ownMs?: number;
  error?: string;
  processMs: number;
}

function loadOnce(file: string, externals: string[]): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', LOADER, file, JSON.stringify(externals)], {
      cwd: dirname(file),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...FUNCTION_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const processMs = performance.now() - started;
      try {
        resolve({ ...(JSON.parse(out) as Omit<LoadRun, 'processMs'>), processMs });
      } catch {
        resolve({ error: (err || out || 'no output').trim().split('\n')[0], processMs });
      }
    });
  });
}

function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const parts = input.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : input;
}

function contributors(metafile: Metafile) {
  const output = Object.values(metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  const byFolder = new Map<string, number>();
  const inputs: Array<{ path: string; bytes: number }> = [];
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    inputs.push({ path, bytes: bytesInOutput });
    byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytesInOutput);
    byFolder.set(dirname(path), (byFolder.get(dirname(path)) ?? 0) + bytesInOutput);
  }
  return {
    topFolders: [...byFolder].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 8),
    topPackages: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 8),
    topInputs: inputs.sort((a, b) => b.bytes - a.bytes).slice(0, 8),
  };
}

/**
 * The config embedded in an entry's bundle: the example config, plus the section an entry
 * serves when the example has none (the stack only builds those Lambdas for such configs, and
 * their handlers refuse to start without it).
 */
function configFor(entry: string, example: RelayConfig): { label: string; config: RelayConfig } {
  const dir = entry.split('/').at(-2) ?? '';
  if (dir.startsWith('slack-') && !example.slack) {
    const slack = { signingSecret: { secret: 'SLACK_SIGNING_SECRET' }, botToken: { secret: 'SLACK_BOT_TOKEN' }, allow: { teams: ['T0123456'] } };
    return { label: 'example + slack', config: parseConfig({ ...example, slack }, 'bench config') };
  }
  if ((dir === 'translate' || dir === 'function-intake') && !example.functions.length) {
    const functions = [{ name: 'bench', type: 'elastic', auth: { type: 'bearer', token: { secret: 'ELASTIC_FN_TOKEN' } } }];
    return { label: 'example + functions', config: parseConfig({ ...example, functions }, 'bench config') };
  }
  return { label: 'example', config: example };
}

/** Lambda entries: functions/<entry>/handler.ts */
export function handlerFiles(): string[] {
  const root = join(PROJECT_ROOT, 'functions');
  return readdirSync(root)
    .filter((dir) => existsSync(join(root, dir, 'handler.ts')))
    .sort()
    .map((dir) => join(root, dir, 'handler.ts'));
}

export async function runBundleBench(options: { loads: number }): Promise<{ configPath: string; esbuild: Record<string, unknown>; bundles: BundleResult[] }> {
  const scratch = mkdtempSync(join(tmpdir(), 'hive-relay-bench-'));
  const forget = onInterrupt(() => rmSync(scratch, { recursive: true, force: true }));
  try {
    // what the Lambda runtime provides, and nothing else
    mkdirSync(join(scratch, 'node_modules'));
    symlinkSync(join(PROJECT_ROOT, 'node_modules/@aws-sdk'), join(scratch, 'node_modules/@aws-sdk'), 'dir');
    const example = loadConfigFile(join(PROJECT_ROOT, DEFAULT_CONFIG_PATH));
    // the construct, with asset bundling off: only the options it would pass to esbuild are needed
    const app = new App({ outdir: join(scratch, 'cdk.out'), context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'HiveRelayBench');
    const results: BundleResult[] = [];
    let shown: Record<string, unknown> = {};
    for (const [index, entry] of handlerFiles().entries()) {
      const name = relative(PROJECT_ROOT, entry);
      const { label, config } = configFor(name, example);
      const fn = new RelayFunction(stack, `Fn${index}`, {
        entry,
        description: name,
        timeout: Duration.seconds(30),
        environment: {},
        configJson: JSON.stringify(config),
        projectRoot: PROJECT_ROOT,
      });
      const b = fn.bundling;
      if (b.esbuildArgs || b.loader || b.inject || b.footer || b.tsconfig || b.keepNames) {
        throw new Error(`bundle bench: infra bundling now uses options this bench does not replay (${name}); update bench/bundles.ts`);
      }
      const esbuildOptions = {
        platform: 'node' as const,
        format: b.format as 'esm' | 'cjs',
        target: b.target,
        minify: b.minify === true,
        sourcemap: b.sourceMap === true,
        mainFields: b.mainFields,
        external: b.externalModules,
        define: b.define,
        banner: b.banner ? { js: b.banner } : undefined,
      };
      shown = { ...esbuildOptions, define: Object.keys(b.define ?? {}), banner: b.banner ? 'createRequire banner' : undefined };
      const outfile = join(scratch, index.toString(), b.format === 'esm' ? 'index.mjs' : 'index.js');
      const built = await build({ ...esbuildOptions, entryPoints: [entry], bundle: true, outfile, metafile: true, logLevel: 'error', absWorkingDir: PROJECT_ROOT });
      const code = readFileSync(outfile);

      const externals = [
        ...new Set(
          Object.values(built.metafile.outputs)[0]
            .imports.filter((i) => i.external && i.kind === 'import-statement' && RUNTIME_PROVIDED.test(i.path))
            .map((i) => i.path),
        ),
      ];
      const runs: LoadRun[] = [];
      let loadError: string | undefined;
      for (let i = 0; i < options.loads; i++) {
        const run = await loadOnce(outfile, externals);
        if (run.ms === undefined) {
          loadError = run.error ?? 'did not load';
          break;
        }
        runs.push(run);
      }
      const med = (pick: (run: LoadRun) => number | undefined) => (runs.length ? median(runs.map((run) => pick(run) ?? Number.NaN)) : Number.NaN);
      results.push({
        entry: name,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        config: label,
        loadMs: med((run) => run.ms),
        loadRuns: runs.map((run) => run.ms!),
        externalMs: med((run) => run.externalMs),
        ownMs: med((run) => run.ownMs),
        processMs: med((run) => run.processMs),
        ...(loadError ? { loadError } : {}),
        ...contributors(built.metafile),
      });
    }
    return { configPath: DEFAULT_CONFIG_PATH, esbuild: shown, bundles: results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    forget();
  }
}
