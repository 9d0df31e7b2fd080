/**
 * What stops a synth: an invalid config (through the same entry `cdk synth` runs), a missing
 * handler entry, and any unacknowledged cdk-nag finding. And what a synth must never contain.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { collectSecretRefs } from '../../shared/config/find-secret-refs.js';
import { ConfigError, loadConfigFile } from '../../shared/config/load.js';
import { buildRelayApp, PROJECT_ROOT } from '../../infra/relay-app.js';
import { handlerEntries } from '../../infra/entries.js';
import { cdkJsonContext, fixture, synthFixture } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'hive-relay-infra-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `cdk synth -c config=…` runs (cdk.json "app"), with the context the CLI would pass. */
function runCdkApp(configPath: string) {
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'infra/app.ts'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), config: configPath }),
      CDK_OUTDIR: join(scratch, 'cdk.out'),
    },
  });
}

describe('an invalid config', () => {
  it('stops the CDK app with the path of each error and a non-zero exit, no stack trace', () => {
    const run = runCdkApp('test/infra/fixtures/invalid.yaml');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('invalid config test/infra/fixtures/invalid.yaml');
    expect(run.stderr).toContain('- ingest.auth.token:');
    expect(run.stderr).toContain('- notifiers[1].url: expected a URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a config file that cannot be read', () => {
    expect(() => buildRelayApp({ configPath: 'test/infra/fixtures/no-such-file.yaml' })).toThrow(
      new ConfigError('test/infra/fixtures/no-such-file.yaml', ['(file): cannot read: ENOENT']),
    );
  });
});

describe('a handler entry that does not exist yet', () => {
  it('leaves its part out and fails synth with an error naming the file, instead of crashing', () => {
    const empty = mkdtempSync(join(scratch, 'entries-'));
    const { stack } = buildRelayApp({
      configPath: fixture('full.yaml'),
      entriesRoot: empty,
      appProps: { context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false },
    });
    const annotations = Annotations.fromStack(stack);
    for (const entry of Object.values(handlerEntries)) {
      annotations.hasError('*', Match.stringLikeRegexp(`${entry.replace(/[.]/g, '\\.')} does not exist`));
    }
    expect(stack.notifiers.size + stack.functions.size).toBe(0);
    expect(stack.ingest ?? stack.functionIntake ?? stack.slackInteractions ?? stack.slackActions).toBeUndefined();
  });
});

describe('many notifiers', () => {
  it('warn when the queue map nears Lambda’s 4 KB environment limit', () => {
    const file = join(scratch, 'many.yaml');
    const notifiers = Array.from({ length: 24 }, (_, i) => `  - { name: console-${i}, type: console, triggers: [AnyEvent] }`);
    writeFileSync(file, ['ingest: { auth: { type: bearer, token: { secret: INGEST_TOKEN } } }', 'notifiers:', ...notifiers].join('\n'));
    const { stack } = buildRelayApp({
      configPath: file,
      appProps: { context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false },
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('NOTIFIER_QUEUES holds 24 queue URLs'));
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('fails the synth on an unacknowledged finding', () => {
    const { stack } = buildRelayApp({
      configPath: fixture('minimal.yaml'),
      appProps: { context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false },
    });
    new Queue(stack, 'PlainQueue'); // no DLQ, no TLS-only policy
    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-SQS3[\s\S]*AwsSolutions-SQS4|AwsSolutions-SQS4[\s\S]*AwsSolutions-SQS3/);
  });

  it('reports every relay stack clean, each acknowledged finding on one construct with its reason', () => {
    for (const name of ['relay.yaml', 'full.yaml']) {
      const { app } = synthFixture(name);
      const report = JSON.parse(readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8'));
      const nag = report.pluginReports.find((r: any) => r.pluginName === 'AwsSolutions');
      expect(nag.conclusion, name).toBe('success');
      expect(nag.violations, name).toEqual([]);
      const acknowledged = nag.suppressedViolations as any[];
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const finding of acknowledged) {
        expect(finding.reason.length, finding.ruleName).toBeGreaterThan(60);
        // acknowledged on the route or role that has it, never on the whole stack
        expect(finding.acknowledgedAt, finding.ruleName).toContain('/');
        expect(finding.ruleName).toMatch(/^AwsSolutions-(APIG4|IAM5\[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key\/\*\])$/);
      }
    }
  });
});

describe('secret values', () => {
  it('never reach the template, even when they are in the environment at synth', () => {
    const config = loadConfigFile(fixture('full.yaml'));
    const names = collectSecretRefs(config).map((ref) => ref.secret);
    expect(names.length).toBeGreaterThan(8);
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    try {
      for (const name of names) process.env[name] = `sentinel-value-of-${name}-7f3a9c`;
      const { text, app } = synthFixture('full.yaml');
      expect(text).not.toContain('sentinel-value-of-');
      const manifest = readFileSync(join(app.synth().directory, 'manifest.json'), 'utf8');
      expect(manifest).not.toContain('sentinel-value-of-');
      // the references themselves are there (IAM), so the search above looked at the right text
      expect(text).toContain('SLACK_SIGNING_SECRET');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
