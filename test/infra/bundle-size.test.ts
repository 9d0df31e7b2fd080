/**
 * Each Lambda bundle stays within the size target (≤ 200 KB minified), bundled with the
 * options the CDK construct gives esbuild, and carries only what its function uses: no
 * validator (zod) where nothing inbound is validated, no template compiler anywhere (notify
 * Lambdas get their templates precompiled), no Handlebars at all where nothing renders.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { RelayFunction } from '../../infra/constructs/relay-function.js';
import { PROJECT_ROOT } from '../../infra/relay-app.js';

const MAX_BYTES = 200 * 1024;

const entries = readdirSync(join(PROJECT_ROOT, 'functions')).filter((name) =>
  readdirSync(join(PROJECT_ROOT, 'functions', name)).includes('handler.ts'),
);

/** What each bundle must not hold (package folders under node_modules). */
const leftOut: Record<string, string[]> = {
  notify: ['zod/', 'handlebars/dist/cjs/handlebars/compiler/'],
  'slack-interactions': ['handlebars/'],
  'slack-act': ['handlebars/'],
  ingest: ['zod/', 'handlebars/', 'yaml/'],
  translate: ['zod/', 'handlebars/', 'yaml/'],
  'function-intake': ['zod/', 'handlebars/', 'yaml/'],
};

describe('Lambda bundles', () => {
  // the construct with asset bundling off: only the options it gives esbuild are needed
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'BundleSize');

  it('cover every function entry', () => {
    expect(entries.sort()).toEqual(Object.keys(leftOut).sort());
  });

  it.each(entries)('%s is at most 200 KB and holds only what it uses', async (name) => {
    const entry = join(PROJECT_ROOT, 'functions', name, 'handler.ts');
    const b = new RelayFunction(stack, name, {
      entry,
      description: name,
      timeout: Duration.seconds(30),
      environment: {},
      configJson: '{}',
      templatesJson: '{}',
      projectRoot: PROJECT_ROOT,
    }).bundling;
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      logLevel: 'error',
      absWorkingDir: PROJECT_ROOT,
      platform: 'node',
      format: b.format as 'esm',
      target: b.target,
      minify: b.minify,
      mainFields: b.mainFields,
      external: b.externalModules,
      define: b.define,
      banner: b.banner ? { js: b.banner } : undefined,
    });
    const inputs = Object.keys(result.metafile.inputs).filter((file) => result.metafile.inputs[file] && Object.values(result.metafile.outputs)[0].inputs[file]?.bytesInOutput);
    for (const folder of leftOut[name]) expect(inputs.filter((file) => file.startsWith(`node_modules/${folder}`)), `${name}: ${folder}`).toEqual([]);
    expect(result.outputFiles[0].contents.length).toBeLessThanOrEqual(MAX_BYTES);
  });
});
