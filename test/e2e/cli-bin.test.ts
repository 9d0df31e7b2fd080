/**
 * The package bin as a user runs it (`npx hive-relay …` runs bin/hive-relay.mjs, which loads
 * the TypeScript CLI through tsx): a real process, its exit code and its output.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.HIVE_RELAY_CONFIG;
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/hive-relay.mjs', ...args], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// separate processes: run them side by side
describe.concurrent('the hive-relay bin', () => {
  it('is the package bin, runnable by node', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${root}`), 'utf8'));
    expect(pkg.bin).toEqual({ 'hive-relay': 'bin/hive-relay.mjs' });
    expect(readFileSync(new URL('bin/hive-relay.mjs', `file://${root}`), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints the help, exit 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: hive-relay <command> [options]');
    expect(stdout).toContain('dlq redrive --notifier NAME');
  });

  it('validates the shipped example config from the repository root, exit 0', async () => {
    const { code, stdout } = await run(['validate']);
    expect(code).toBe(0);
    expect(stdout).toContain('examples/hive-relay.example.yaml: valid');
  });

  it('exits 1 with the field when route is given a payload that is not a TheHive event', async () => {
    const { code, stdout, stderr } = await run(['route', 'package.json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('package.json: operation: expected "operation" (TheHive 3/4, TheHive 5 v0) or "action" (TheHive 5 audit)\n');
  });
});
