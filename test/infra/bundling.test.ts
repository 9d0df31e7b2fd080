/**
 * Real bundling, as `cdk synth` does it: the local esbuild (no Docker), minified ESM with the
 * createRequire banner, the config embedded, and the custom-translator alias. The bundles are
 * then loaded by Node to prove they run.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ESM_REQUIRE_BANNER, RelayFunction } from '../../infra/constructs/relay-function.js';
import { buildRelayApp, PROJECT_ROOT, type RelayApp } from '../../infra/relay-app.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { renderTemplate } from '../../shared/templates/render.js';
import { precompileConfigTemplates } from '../../shared/templates/precompile.js';
import { cdkJsonContext, fixture, logicalId } from './helpers.js';

// Inside the project, so the bundles' external imports (@aws-sdk/*) resolve from node_modules
// as they would from the Lambda runtime.
const cacheDir = join(PROJECT_ROOT, 'node_modules/.cache');
mkdirSync(cacheDir, { recursive: true });
const scratch = mkdtempSync(join(cacheDir, 'hive-relay-infra-bundling-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SENTINEL = 'sentinel-secret-value-5b1d';
/** what the CDK CLI sets by default: functions name their asset folder in their metadata */
const CLI_CONTEXT = { 'aws:cdk:enable-asset-metadata': true };

/** the bundle file of a function in a synthesized assembly */
function bundleOf(template: Record<string, any>, outdir: string, functionLogicalId: string): string {
  const asset = template.Resources[functionLogicalId].Metadata['aws:asset:path'];
  return join(outdir, asset, 'index.mjs');
}

describe('bundling the minimal relay (ingest + one notifier) with the local esbuild', () => {
  let relay: RelayApp;
  let outdir: string;
  let template: Record<string, any>;
  const savedEnv = { ...process.env };

  beforeAll(() => {
    process.env.INGEST_TOKEN = SENTINEL;
    outdir = join(scratch, 'relay');
    relay = buildRelayApp({
      configPath: fixture('minimal.yaml'),
      // cdk.json's feature flags, as the CLI passes them (CloudFormation's schema check is left to
      // `cdk synth`: it costs seconds)
      appProps: { outdir, context: { ...cdkJsonContext(), ...CLI_CONTEXT }, builtinCloudFormationValidation: false },
    });
    relay.app.synth();
    template = JSON.parse(readFileSync(join(outdir, 'HiveRelayMinimal.template.json'), 'utf8'));
  }, 120_000);

  afterAll(() => {
    process.env = savedEnv;
  });

  it('writes minified ESM bundles that start with the createRequire banner and hold no secret value', () => {
    for (const fn of [relay.stack.ingest!, relay.stack.notifiers.get('console')!.worker]) {
      const code = readFileSync(bundleOf(template, outdir, logicalId(fn.function)), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/\bexport\s*\{/);
      // minified: line breaks only where string literals keep them
      expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
      expect(code).not.toContain(SENTINEL);
      // the embedded config: secret references, never values
      expect(code).toContain('"stackName":"HiveRelayMinimal"');
      expect(code).toContain('"token":{"secret":"INGEST_TOKEN"}');
    }
  });

  it('produces a notify bundle that Node loads, with the config taken from the bundle', async () => {
    const pipeline = relay.stack.notifiers.get('console')!;
    const file = bundleOf(template, outdir, logicalId(pipeline.worker.function));
    const saved = { ...process.env };
    delete process.env.HIVE_RELAY_CONFIG_JSON; // so only the embedded copy can satisfy embeddedConfig()
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      [runtimeEnv.stateTable]: 'table',
      [runtimeEnv.notifierName]: 'console',
      [runtimeEnv.queueUrl]: 'http://127.0.0.1:9/queue',
      [runtimeEnv.dlqUrl]: 'http://127.0.0.1:9/dlq',
    });
    try {
      const module = await import(pathToFileURL(file).href);
      expect(typeof module.handler).toBe('function');
    } finally {
      process.env = saved;
    }
  });
});

describe('the custom translator alias', () => {
  it('compiles the user module into its bundle, and leaves the specifier external elsewhere', async () => {
    const outdir = join(scratch, 'custom');
    const app = new App({ outdir, context: CLI_CONTEXT, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'CustomTranslatorBundling');
    const common = {
      entry: fixture('custom-translator-entry.ts'),
      description: 'bundling test',
      timeout: Duration.seconds(10),
      environment: {},
      configJson: '{}',
      projectRoot: PROJECT_ROOT,
    };
    const custom = new RelayFunction(stack, 'Custom', { ...common, customTranslator: fixture('translators/mine.ts') });
    const builtIn = new RelayFunction(stack, 'BuiltIn', common);
    app.synth();
    const template = Template.fromStack(stack).toJSON();

    const customModule = await import(pathToFileURL(bundleOf(template, outdir, logicalId(custom.function))).href);
    const actions = await customModule.handler({ id: 'A-1', title: 'from the bundle' });
    expect(actions).toEqual([
      expect.objectContaining({ kind: 'createAlert', alert: expect.objectContaining({ sourceRef: 'A-1', title: 'from the bundle' }) }),
    ]);

    const builtInFile = bundleOf(template, outdir, logicalId(builtIn.function));
    expect(readFileSync(builtInFile, 'utf8')).not.toContain('CUSTOM-TRANSLATOR-FIXTURE-MARKER');
    const builtInModule = await import(pathToFileURL(builtInFile).href);
    await expect(builtInModule.handler({})).rejects.toThrow(/hive-relay-custom-translator/);
  }, 60_000);
});

describe('precompiled templates', () => {
  it('render in a bundle that holds Handlebars\' runtime only, the same as compiled on the spot', async () => {
    const json = '{"text": "{{upper object.title}} `$HOME` \\\\ {{#each object.tags}}{{this}}{{/each}}", "tags": {{json object.tags}}}';
    const text = 'Case {{object.title}}\n{{#if (eq object.severity 3)}}HIGH{{else}}other{{/if}} {{dateFormat object._createdAt "yyyy-MM-dd" tz="UTC"}}';
    const broken = 'Hello {{#if object.title}}unclosed';
    const notifier = { name: 'n', type: 'webhook', template: json, headers: { 'x-title': text }, other: [broken], url: 'https://example.org/{{nope' };
    const precompiled = precompileConfigTemplates(notifier);
    expect(Object.keys(precompiled).sort()).toEqual([broken, json, text, notifier.url].sort());

    const outdir = join(scratch, 'templates');
    const app = new App({ outdir, context: CLI_CONTEXT, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'TemplateBundling');
    const fn = new RelayFunction(stack, 'Render', {
      entry: fixture('template-entry.ts'),
      description: 'bundling test',
      timeout: Duration.seconds(10),
      environment: {},
      configJson: '{}',
      templatesJson: JSON.stringify(precompiled),
      projectRoot: PROJECT_ROOT,
    });
    app.synth();
    // outside the project, where no Handlebars compiler can be required: as in a Lambda
    const lambdaDir = mkdtempSync(join(tmpdir(), 'hive-relay-template-bundle-'));
    try {
      const file = join(lambdaDir, 'index.mjs');
      copyFileSync(bundleOf(Template.fromStack(stack).toJSON(), outdir, logicalId(fn.function)), file);
      const code = readFileSync(file, 'utf8');
      // messages only Handlebars' lexer and compiler hold
      expect(code.includes('Lexical error on line')).toBe(false);
      expect(code.includes('Handlebars.precompile')).toBe(false);
      const { handler } = await import(pathToFileURL(file).href);

      const variables = { object: { title: 'Say "hi" <now>', severity: 3, tags: ['a"b', 'c'], _createdAt: Date.UTC(2024, 4, 17) } };
      for (const [source, escape] of [[json, 'json'], [text, 'none'], [text, 'html']] as const) {
        expect(await handler({ source, variables, escape })).toBe(renderTemplate(source, variables, { escape }));
      }
      expect(JSON.parse(await handler({ source: json, variables, escape: 'json' }))).toEqual({ text: 'SAY "HI" <NOW> `$HOME` \\ a"bc', tags: ['a"b', 'c'] });
      // no mustache: no template code needed
      expect(await handler({ source: 'plain $text', variables, escape: 'html' })).toBe('plain $text');
      // a template that does not compile fails as it would have compiled on the spot
      await expect(handler({ source: broken, variables, escape: 'none' })).rejects.toThrow(/^template: Parse error on line 1:/);
      // one that was not precompiled cannot be compiled there
      await expect(handler({ source: '{{object.title}}!', variables, escape: 'none' })).rejects.toThrow(/not precompiled/);
    } finally {
      rmSync(lambdaDir, { recursive: true, force: true });
    }
  }, 60_000);
});
