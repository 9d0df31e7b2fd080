import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig, parseConfigText } from '../../../shared/config/load.js';
import { collectSecretRefs } from '../../../shared/config/find-secret-refs.js';

const ingest = { auth: { type: 'bearer', token: { secret: 'INGEST_TOKEN' } } };

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

describe('config validation', () => {
  it('applies defaults to a minimal config', () => {
    const config = parseConfig({ ingest, notifiers: [{ name: 'log', type: 'console', triggers: ['AnyEvent'] }] });
    expect(config.stackName).toBe('HiveRelay');
    expect(config.ingest.maxBodyBytes).toBe(1024 * 1024);
    expect(config.notifiers[0]).toMatchObject({ maxReceiveCount: 5, timeoutSeconds: 10 });
    expect(config.functions).toEqual([]);
    expect(config.secrets).toEqual({ store: 'ssm', prefix: '/hive-relay' });
  });

  it('names the path of every error', () => {
    const problems = problemsOf({
      ingest,
      notifiers: [
        { name: 'ok', type: 'console', triggers: ['AnyEvent'] },
        { name: 'ok2', type: 'console', triggers: ['AnyEvent'] },
        { name: 'hook', type: 'webhook', triggers: ['CaseCreated'], url: 'not a url' },
        { name: 'Bad Name', type: 'console', triggers: ['NoSuchTrigger'] },
      ],
    });
    expect(problems).toContain('notifiers[2].url: expected a URL');
    expect(problems.some((p) => p.startsWith('notifiers[3].name:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('notifiers[3].triggers[0]:'))).toBe(true);
  });

  it('refuses a maxReceiveCount that SQS could not take with the stack’s one extra receive', () => {
    const notifier = (maxReceiveCount: number) => ({ name: 'log', type: 'console', triggers: ['AnyEvent'], maxReceiveCount });
    expect(parseConfig({ ingest, notifiers: [notifier(999)] }).notifiers[0].maxReceiveCount).toBe(999);
    expect(problemsOf({ ingest, notifiers: [notifier(1000)] }).join('\n')).toMatch(/^notifiers\[0\]\.maxReceiveCount: .*999/m);
  });

  it('refuses an ingest auth type TheHive cannot use, and Slack controls nothing would serve', () => {
    expect(problemsOf({ ingest: { auth: { type: 'signature', secret: { secret: 'S' } } } })).toEqual([
      "ingest.auth.type: Invalid discriminator value. Expected 'bearer' | 'basic' | 'header' | 'none'",
    ]);
    const slack = { name: 'chat', type: 'slack', triggers: ['CaseCreated'], botToken: { secret: 'SLACK_BOT_TOKEN' }, channel: 'C0123456', interactive: true };
    expect(problemsOf({ ingest, notifiers: [slack] })).toEqual([expect.stringMatching(/^notifiers\[0\]\.interactive: needs the slack: section/)]);
    const twoWay = { signingSecret: { secret: 'SLACK_SIGNING_SECRET' }, botToken: { secret: 'SLACK_BOT_TOKEN' }, allow: { teams: ['T0123456'] } };
    expect(problemsOf({ ingest, thehive: { url: 'https://thehive.example.org', version: 3 }, notifiers: [slack], slack: twoWay })).toEqual([
      expect.stringMatching(/^slack: two-way Slack needs TheHive 4 or 5/),
    ]);
  });

  it('refuses a missing ingest block and an unknown notifier type', () => {
    const problems = problemsOf({ notifiers: [{ name: 'x', type: 'carrier-pigeon', triggers: ['AnyEvent'] }] });
    expect(problems.some((p) => p.startsWith('ingest:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('notifiers[0].type:'))).toBe(true);
  });

  it('refuses duplicate notifier and function names', () => {
    const problems = problemsOf({
      ingest,
      notifiers: [
        { name: 'same', type: 'console', triggers: ['AnyEvent'] },
        { name: 'same', type: 'console', triggers: ['AnyEvent'] },
      ],
      functions: [
        { name: 'elastic', type: 'elastic', auth: { type: 'bearer', token: { secret: 'A' } } },
        { name: 'elastic', type: 'wazuh', auth: { type: 'bearer', token: { secret: 'B' } } },
      ],
    });
    expect(problems).toContain('notifiers[1].name: "same" is already used by notifiers[0]');
    expect(problems).toContain('functions[1].name: "elastic" is already used by functions[0]');
  });

  it('requires a filter with FilteredEvent', () => {
    expect(problemsOf({ ingest, notifiers: [{ name: 'f', type: 'console', triggers: ['FilteredEvent'] }] })).toEqual([
      'notifiers[0].filter: FilteredEvent needs a filter',
    ]);
  });

  it('refuses inline secrets where a reference is required', () => {
    const problems = problemsOf({ ingest: { auth: { type: 'bearer', token: 'plain-token' } } });
    expect(problems.some((p) => p.startsWith('ingest.auth.token:'))).toBe(true);
  });

  it('collects every secret reference once', () => {
    const config = parseConfig({
      ingest,
      notifiers: [
        { name: 'a', type: 'webhook', triggers: ['AnyEvent'], url: { secret: 'HOOK' }, headers: { authorization: { secret: 'HOOK_AUTH' } } },
        { name: 'b', type: 'webhook', triggers: ['AnyEvent'], url: { secret: 'HOOK' } },
      ],
    });
    expect(collectSecretRefs(config).map((r) => r.secret).sort()).toEqual(['HOOK', 'HOOK_AUTH', 'INGEST_TOKEN']);
  });
});

describe('config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hive-relay-config-'));

  it('reads YAML and JSON', () => {
    const yamlPath = join(dir, 'relay.yaml');
    writeFileSync(yamlPath, 'ingest:\n  auth: { type: none }\nnotifiers:\n  - { name: log, type: console, triggers: [AnyEvent] }\n');
    expect(loadConfigFile(yamlPath).notifiers[0].name).toBe('log');
    const jsonPath = join(dir, 'relay.json');
    writeFileSync(jsonPath, JSON.stringify({ ingest: { auth: { type: 'none' } } }));
    expect(loadConfigFile(jsonPath).ingest.auth.type).toBe('none');
  });

  it('reports unreadable and unparsable files with their name', () => {
    expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml[\s\S]*cannot read: ENOENT/);
    expect(() => parseConfigText('{ "ingest": ', 'broken.json')).toThrow(ConfigError);
    expect(() => parseConfigText('ingest: [unclosed', 'broken.yaml')).toThrow(/broken\.yaml/);
  });
});
