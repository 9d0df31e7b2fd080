/** Which deployed stack a command talks to: --stack NAME, or --aws with the config's stackName. */
import type { RelayConfig } from '../shared/config/schema.js';
import type { CommonOptions } from './main.js';

/**
 * @param config the command's config, asked for only with --aws and no --stack: a command that
 *   has loaded it hands it over; `dlq` needs no config otherwise, so it reads the file only then
 */
export function stackNameFor(common: CommonOptions, aws: boolean, config: () => Pick<RelayConfig, 'stackName'>): string | undefined {
  if (common.stack) return common.stack;
  if (aws) return config().stackName;
  return undefined;
}
