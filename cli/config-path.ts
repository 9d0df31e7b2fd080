/** Which config file a command uses: --config, then HIVE_RELAY_CONFIG, then the shipped example. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const exampleConfigPath = fileURLToPath(new URL('../examples/hive-relay.example.yaml', import.meta.url));

export function configPathFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.HIVE_RELAY_CONFIG) return resolve(env.HIVE_RELAY_CONFIG);
  return exampleConfigPath;
}
