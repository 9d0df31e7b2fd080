/**
 * Read and validate a config file (YAML, or JSON). Every error names its path:
 * `notifiers[2].url: expected a URL`.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RelayConfig } from './schema.js';
import { ConfigError } from './errors.js';
import { parseConfig } from './parse.js';

export { ConfigError } from './errors.js';
export { parseConfig } from './parse.js';

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
