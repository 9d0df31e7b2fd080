/** Which deployed stack a command talks to: --stack NAME, or --aws with the config's stackName. */
import { loadConfigFile } from '../shared/config/load.js';
import type { CommonOptions } from './main.js';

export function stackNameFor(common: CommonOptions, aws: boolean): string | undefined {
  if (common.stack) return common.stack;
  if (aws) return loadConfigFile(common.configPath).stackName;
  return undefined;
}
