/**
 * Local secrets: `{ secret: NAME }` resolves from the environment variable NAME (or NAME with
 * every character outside A-Z0-9_ turned into `_` and upper-cased, so `slack/bot-token` can
 * be SLACK_BOT_TOKEN), then from the local secrets file: `HIVE_RELAY_SECRETS=path`, else
 * `.hive-relay/secrets.env` when it exists. The file is JSON (`{"NAME": "value"}`) or
 * KEY=VALUE lines (`#` comments, optional `export ` and quotes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SecretRef } from '../config/secret-ref.js';
import { SecretNotFoundError, type SecretResolver } from '../ports.js';

export const DEFAULT_SECRETS_FILE = '.hive-relay/secrets.env';

export function envName(secretName: string): string {
  return secretName.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}

export function parseSecretsText(text: string, source: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // JSON.parse's message quotes the text around the error, which holds secrets: not repeated
      throw new Error(`secrets file ${source}: invalid JSON (check quotes and commas; its text is not shown since it holds secrets)`);
    }
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value !== 'string') throw new Error(`secrets file ${source}: ${name}: expected a string`);
      values[name] = value;
    }
    return values;
  }
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z0-9_.\-/]+)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`secrets file ${source}: line ${index + 1}: expected NAME=value`);
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    values[match[1]] = value;
  });
  return values;
}

export class LocalSecretResolver implements SecretResolver {
  private readonly env: NodeJS.ProcessEnv;
  private readonly fileValues: Record<string, string>;
  /** the secrets file in use, if any */
  readonly file?: string;

  constructor(options: { env?: NodeJS.ProcessEnv; file?: string; cwd?: string; values?: Record<string, string> } = {}) {
    this.env = options.env ?? process.env;
    const cwd = options.cwd ?? process.cwd();
    const explicit = options.file ?? this.env.HIVE_RELAY_SECRETS;
    const candidate = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_SECRETS_FILE);
    if (explicit && !existsSync(candidate)) throw new Error(`secrets file ${candidate} does not exist`);
    if (existsSync(candidate)) {
      this.file = candidate;
      this.fileValues = parseSecretsText(readFileSync(candidate, 'utf8'), candidate);
    } else {
      this.fileValues = {};
    }
    Object.assign(this.fileValues, options.values ?? {});
  }

  lookup(name: string): string | undefined {
    return this.env[name] ?? this.env[envName(name)] ?? this.fileValues[name] ?? this.fileValues[envName(name)];
  }

  async get(ref: SecretRef): Promise<string> {
    const value = this.lookup(ref.secret);
    if (value === undefined || value === '') {
      throw new SecretNotFoundError(ref.secret, `set the environment variable ${envName(ref.secret)} or add it to ${this.file ?? DEFAULT_SECRETS_FILE}`);
    }
    return value;
  }
}
