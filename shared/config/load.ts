/**
 * Read and validate a config file. Every error names its path:
 * `notifiers[2].url: expected a URL`.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { relayConfigSchema, type RelayConfig } from './schema.js';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid config ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** Validate an already-parsed config object. */
export function parseConfig(raw: unknown, source = 'config'): RelayConfig {
  const result = relayConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error));
  const problems: string[] = [];
  const seen = new Map<string, number>();
  (result.data as RelayConfig).notifiers.forEach((notifier, index) => {
    const first = seen.get(notifier.name);
    if (first !== undefined) problems.push(`notifiers[${index}].name: "${notifier.name}" is already used by notifiers[${first}]`);
    else seen.set(notifier.name, index);
  });
  if (problems.length) throw new ConfigError(source, problems);
  return result.data as RelayConfig;
}

/** Parse YAML or JSON text (JSON is valid YAML, but JSON errors read better from JSON.parse). */
export function parseConfigText(text: string, source = 'config'): RelayConfig {
  let raw: unknown;
  try {
    raw = source.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(source, [`(file): ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseConfig(raw, source);
}

export function loadConfigFile(path: string): RelayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`(file): cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseConfigText(text, path);
}
