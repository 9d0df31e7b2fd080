/**
 * The config a Lambda runs with: embedded in its bundle at `cdk deploy` (esbuild define), or,
 * outside a bundle, from HIVE_RELAY_CONFIG_JSON. The CDK app embeds the output of the schema
 * (validated, defaults applied), so it is read as is: no validator or YAML parser in the
 * Lambda bundles, and nothing to redo at each cold start.
 */
import type { RelayConfig } from './schema.js';

declare const __HIVE_RELAY_CONFIG__: string | undefined;

let cached: RelayConfig | undefined;

export function embeddedConfig(): RelayConfig {
  if (cached) return cached;
  const text = typeof __HIVE_RELAY_CONFIG__ !== 'undefined' ? __HIVE_RELAY_CONFIG__ : process.env.HIVE_RELAY_CONFIG_JSON;
  if (!text) throw new Error('no embedded config: build with the CDK app or set HIVE_RELAY_CONFIG_JSON');
  cached = JSON.parse(text) as RelayConfig;
  return cached;
}
