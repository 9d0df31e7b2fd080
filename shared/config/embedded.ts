/**
 * The config a Lambda runs with: embedded in its bundle at `cdk deploy` (esbuild define),
 * or, outside a bundle, from HIVE_RELAY_CONFIG_JSON. Parsed once per container.
 */
import { parseConfig } from './load.js';
import type { RelayConfig } from './schema.js';

declare const __HIVE_RELAY_CONFIG__: string | undefined;

let cached: RelayConfig | undefined;

export function embeddedConfig(): RelayConfig {
  if (cached) return cached;
  const text = typeof __HIVE_RELAY_CONFIG__ !== 'undefined' ? __HIVE_RELAY_CONFIG__ : process.env.HIVE_RELAY_CONFIG_JSON;
  if (!text) throw new Error('no embedded config: build with the CDK app or set HIVE_RELAY_CONFIG_JSON');
  cached = parseConfig(JSON.parse(text), 'embedded config');
  return cached;
}
