import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { captureIo } from './capture.js';

const dir = mkdtempSync(join(tmpdir(), 'hive-relay-cli-validate-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('hive-relay validate', () => {
  it('accepts a valid config and says what it defines', async () => {
    const path = write(
      'valid.yaml',
      `ingest: { auth: { type: bearer, token: { secret: INGEST_TOKEN } } }
notifiers:
  - { name: soc-webhook, type: webhook, triggers: [CaseCreated], url: { secret: SOC_WEBHOOK_URL } }
  - { name: console, type: console, triggers: [AnyEvent] }
functions:
  - { name: wazuh, type: wazuh, mode: dry-run, auth: { type: bearer, token: { secret: WAZUH_TOKEN } } }
`,
    );
    const io = captureIo();
    expect(await main(['validate', '--config', path], io)).toBe(0);
    expect(io.stdout()).toContain(`${path}: valid`);
    expect(io.stdout()).toContain('notifiers: soc-webhook (webhook), console (console)');
    expect(io.stdout()).toContain('functions: wazuh (wazuh, dry-run)');
  });

  it('refuses an invalid config with the path of each error, exit 1', async () => {
    const path = write(
      'invalid.yaml',
      `ingest: { auth: { type: bearer, token: { secret: INGEST_TOKEN } } }
notifiers:
  - { name: ok, type: console, triggers: [AnyEvent] }
  - { name: soc-webhook, type: webhook, triggers: [CaseCreated], url: not-a-url }
  - { name: Bad_Name, type: console, triggers: [NoSuchTrigger] }
`,
    );
    const io = captureIo();
    expect(await main(['validate', '--config', path], io)).toBe(1);
    const text = io.stderr();
    expect(text).toContain(`invalid config ${path}`);
    expect(text).toContain('notifiers[1].url');
    expect(text).toContain('notifiers[2].name');
    expect(text).toContain('notifiers[2].triggers[0]');
    expect(io.stdout()).toBe('');
  });

  it('names a config file that cannot be read', async () => {
    const io = captureIo();
    expect(await main(['validate', '--config', join(dir, 'missing.yaml')], io)).toBe(1);
    expect(io.stderr()).toContain('cannot read: ENOENT');
  });

  it('uses HIVE_RELAY_CONFIG when --config is not given', async () => {
    const path = write('env.yaml', 'ingest: { auth: { type: none } }\n');
    const io = captureIo();
    expect(await main(['validate'], io, { env: { HIVE_RELAY_CONFIG: path } })).toBe(0);
    expect(io.stdout()).toContain(`${path}: valid`);
  });
});
