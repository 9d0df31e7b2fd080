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
  const config = result.data as RelayConfig;
  const problems = [
    ...duplicateNames('notifiers', config.notifiers),
    ...duplicateNames('functions', config.functions),
    ...config.notifiers.flatMap((notifier, index) =>
      notifier.triggers.includes('FilteredEvent') && !notifier.filter
        ? [`notifiers[${index}].filter: FilteredEvent needs a filter`]
        : [],
    ),
  ];
  if (problems.length) throw new ConfigError(source, problems);
  return config;
}

/** Names address queues, DLQs, Lambdas and routes: each must be unique within its list. */
function duplicateNames(list: string, items: readonly { name: string }[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== undefined) problems.push(`${list}[${index}].name: "${item.name}" is already used by ${list}[${first}]`);
    else seen.set(item.name, index);
  });
  return problems;
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
