/** `hive-relay validate [--config FILE]`: check a config and say what it would deploy. */
import { loadConfigFile } from '../../shared/config/load.js';
import type { CliIo } from '../io.js';

export async function validateCommand(configPath: string, io: CliIo): Promise<number> {
  const config = loadConfigFile(configPath);
  const lines = [`${configPath}: valid`];
  lines.push(`  notifiers: ${config.notifiers.map((n) => `${n.name} (${n.type})`).join(', ') || 'none'}`);
  lines.push(`  functions: ${config.functions.map((f) => `${f.name} (${f.type}, ${f.mode})`).join(', ') || 'none'}`);
  lines.push(`  two-way Slack: ${config.slack ? 'on' : 'off'}`);
  io.out(lines.join('\n'));
  return 0;
}
