import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.js';
import { fixtureDir } from '../../fixtures/thehive/index.js';
import { captureIo } from './capture.js';

const dir = mkdtempSync(join(tmpdir(), 'hive-relay-cli-route-'));
const configPath = join(dir, 'hive-relay.yaml');
writeFileSync(
  configPath,
  `thehive: { url: https://thehive.example.org }
ingest: { auth: { type: bearer, token: { secret: INGEST_TOKEN } } }
notifiers:
  - name: soc-webhook
    type: webhook
    triggers: [CaseCreated, AlertCreated]
    filter: { _gte: { _field: object.severity, _value: 3 } }
    url: { secret: SOC_WEBHOOK_URL }
    headers: { X-Api-Key: { secret: SOC_WEBHOOK_TOKEN } }
    signingSecret: { secret: SOC_WEBHOOK_SECRET }
  - name: critical-only
    type: webhook
    triggers: [CaseCreated]
    filter: { _gte: { _field: object.severity, _value: 4 } }
    url: https://hooks.example.org/critical
  - name: tasks
    type: console
    triggers: [TaskCreated]
  - name: everything
    type: webhook
    triggers: [AnyEvent]
    url: https://hooks.example.org/all
    template: '{"text": "{{audit.objectType}} {{audit.action}} {{object.title}}", "link": "{{url}}"}'
  - name: slack-bot
    type: slack
    triggers: [CaseCreated]
    botToken: { secret: SLACK_BOT_TOKEN }
    channel: C0123456
`,
);

const secretValues = {
  SOC_WEBHOOK_URL: 'https://hooks.example.org/T0/very-secret-path-4242',
  SOC_WEBHOOK_TOKEN: 'tok-5f1e9a7c3b',
  SOC_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-secretbot',
};

async function route(file: string) {
  const io = captureIo();
  const code = await main(['route', file, '--config', configPath], io);
  return { code, io, report: code === 0 ? JSON.parse(io.stdout()) : undefined };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('hive-relay route', () => {
  it('shows the normalised event, the triggers, the matching notifiers and what each would send', async () => {
    const { code, report } = await route(join(fixtureDir, 'v5-case-created.json'));
    expect(code).toBe(0);
    expect(report.event).toMatchObject({ version: 5, objectType: 'Case', action: 'create', objectId: '~122900', organisation: { organisation: 'ACME-SOC' } });
    expect(report.triggers).toEqual(['AnyEvent', 'CaseCreated']);
    expect(report.notifiers.map((n: any) => [n.name, n.triggers])).toEqual([
      ['soc-webhook', ['CaseCreated']],
      ['everything', ['AnyEvent']],
      ['slack-bot', ['CaseCreated']],
    ]);
    expect(report.notMatched).toEqual(['critical-only', 'tasks']);

    const webhook = report.notifiers[0];
    expect(webhook.requests).toHaveLength(1);
    expect(webhook.requests[0]).toMatchObject({
      method: 'POST',
      url: '«secret:SOC_WEBHOOK_URL»',
      headers: { 'content-type': 'application/json', 'x-api-key': '«secret:SOC_WEBHOOK_TOKEN»', 'webhook-id': expect.stringMatching(/^msg_/) },
    });
    // without a template the body is the normalised event, shown parsed
    expect(webhook.requests[0].body).toEqual(report.event);

    const templated = report.notifiers[1].requests[0];
    expect(templated).toMatchObject({ url: 'https://hooks.example.org/all', body: { text: 'Case create Data exfiltration via DNS', link: 'https://thehive.example.org/cases/~122900/details' } });

    const slack = report.notifiers[2].requests[0];
    expect(slack.headers.authorization).toBe('Bearer «secret:SLACK_BOT_TOKEN»');
    expect(slack.body).toMatchObject({ channel: 'C0123456' });
  });

  it('never prints a secret value, even when the secrets are set in the environment', async () => {
    for (const [name, value] of Object.entries(secretValues)) vi.stubEnv(name, value);
    const { code, io } = await route(join(fixtureDir, 'v5-case-created.json'));
    expect(code).toBe(0);
    const printed = io.stdout() + io.stderr();
    for (const value of Object.values(secretValues)) {
      expect(printed).not.toContain(value);
      expect(printed).not.toContain(encodeURIComponent(value));
      expect(printed).not.toContain(Buffer.from(value).toString('base64'));
    }
    expect(printed).toContain('«secret:SOC_WEBHOOK_URL»');
    expect(printed).not.toContain('redacted.invalid');
  });

  it('routes a TheHive 4 task event through TaskCreated to the console notifier only', async () => {
    const { code, report } = await route(join(fixtureDir, 'v4', 'task-create.json'));
    expect(code).toBe(0);
    expect(report.event).toMatchObject({ version: 4, objectType: 'Task', legacyObjectType: 'case_task' });
    expect(report.triggers).toContain('TaskCreated');
    expect(report.notifiers.map((n: any) => n.name)).toEqual(['tasks', 'everything']);
    expect(report.notifiers[0].requests[0]).toMatchObject({ url: 'console:', body: expect.stringContaining('tasks: Task create') });
  });

  it('says when an event matches no notifier', async () => {
    const { code, report } = await route(join(fixtureDir, 'v3', 'case-delete.json'));
    expect(code).toBe(0);
    expect(report.notifiers.map((n: any) => n.name)).toEqual(['everything']);
    expect(report.triggers).not.toContain('CaseCreated');
  });

  it('refuses a payload that is not JSON, naming the file and the field, exit 1', async () => {
    const path = join(dir, 'not-json.json');
    writeFileSync(path, 'operation=Creation');
    const { code, io } = await route(path);
    expect(code).toBe(1);
    expect(io.stderr()).toContain(`${path}: body: not valid JSON`);
    expect(io.stdout()).toBe('');
  });

  it('refuses JSON that is not a TheHive event, naming the missing field, exit 1', async () => {
    const path = join(dir, 'no-operation.json');
    writeFileSync(path, JSON.stringify({ objectType: 'case', objectId: '~1', object: {} }));
    const { code, io } = await route(path);
    expect(code).toBe(1);
    expect(io.stderr()).toContain(`${path}: operation: expected "operation"`);

    const array = join(dir, 'array.json');
    writeFileSync(array, '[]');
    const second = await route(array);
    expect(second.code).toBe(1);
    expect(second.io.stderr()).toContain(`${array}: body: expected a JSON object`);
  });

  it('names a payload file that cannot be read, and asks for one when missing', async () => {
    const { code, io } = await route(join(dir, 'nowhere.json'));
    expect(code).toBe(1);
    expect(io.stderr()).toContain('nowhere.json: cannot read: ENOENT');
    const io2 = captureIo();
    expect(await main(['route', '--config', configPath], io2)).toBe(2);
    expect(io2.stderr()).toContain('usage: hive-relay route EVENT.json');
  });

  it('reports a notifier whose template does not render, with the reason it would be parked', async () => {
    const badConfig = join(dir, 'bad-template.yaml');
    writeFileSync(
      badConfig,
      `ingest: { auth: { type: none } }
notifiers:
  - { name: broken, type: webhook, triggers: [AnyEvent], url: https://hooks.example.org/x, template: '{"text": {{object.title}} }' }
`,
    );
    const io = captureIo();
    expect(await main(['route', join(fixtureDir, 'v5-case-created.json'), '--config', badConfig], io)).toBe(0);
    const [broken] = JSON.parse(io.stdout()).notifiers;
    expect(broken.requests).toBeUndefined();
    expect(broken.error).toMatch(/^render: template: the rendered body is not valid JSON/);
  });
});
