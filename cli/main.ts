/**
 * hive-relay CLI: validate a config, see how an event would be routed, inspect and redrive
 * dead letters, test and watch functions. Commands load lazily so `--help` stays instant.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../shared/config/load.js';
import { configPathFrom } from './config-path.js';
import type { CliDeps } from './deps.js';
import { CliError, processIo, type CliIo } from './io.js';

export const helpText = `hive-relay — Notifications & Functions for TheHive

Usage: hive-relay <command> [options]

Commands:
  validate                         Check the config file and list what it defines.
  route EVENT.json                 Show how a TheHive webhook payload would be handled: the
                                   normalised event, the triggers that fired, the notifiers that
                                   match and what each would send (secrets redacted). Sends nothing.
  dlq list    --notifier NAME      List the failed messages parked in a notifier's dead-letter queue,
                                   with why each failed.
  dlq show    --notifier NAME [--id ID]
                                   Print dead letters in full (one, or all).
  dlq redrive --notifier NAME      Move a notifier's dead letters back to its queue for delivery.
  dlq purge   --notifier NAME      Delete a notifier's dead letters for good.
              (--function NAME or --slack instead of --notifier address those pipelines' DLQs)
  function test NAME PAYLOAD.json [--dry-run]
                                   Run a function's translator on a payload. With --dry-run, show the
                                   TheHive requests it would make and touch nothing.
  function status NAME             Show a function's mode, counters, last success and last error.

Options:
  --config FILE    Config file (default: $HIVE_RELAY_CONFIG, else the shipped example config).
  --local URL      Talk to a local relay started with \`npm start\` (default: http://127.0.0.1:$PORT, else :3000).
  --stack NAME     Talk to the deployed stack NAME instead (AWS credentials and region from the
                   usual AWS environment; default stack name: the config's stackName).
  --aws            Same as --stack with the config's stackName.
  --json           Machine-readable output.
  -h, --help       This help.

Examples:
  hive-relay validate --config hive-relay.yaml
  hive-relay route test/fixtures/thehive/v5-case-created.json
  hive-relay dlq list --notifier soc-slack
  hive-relay dlq redrive --notifier soc-slack --aws
`;

export interface CommonOptions {
  configPath: string;
  local: string;
  stack?: string;
  json: boolean;
}

export async function main(argv: string[], io: CliIo = processIo, deps: CliDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        local: { type: 'string' },
        stack: { type: 'string' },
        aws: { type: 'boolean' },
        json: { type: 'boolean' },
        notifier: { type: 'string' },
        function: { type: 'string' },
        slack: { type: 'boolean' },
        id: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\nRun hive-relay --help for usage.`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(helpText);
    return command || values.help ? 0 : 2;
  }
  const common: CommonOptions = {
    configPath: configPathFrom(values.config, deps.env),
    local: values.local ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    stack: values.stack,
    json: values.json ?? false,
  };
  try {
    switch (command) {
      case 'validate': {
        const { validateCommand } = await import('./commands/validate.js');
        return await validateCommand(common.configPath, io);
      }
      case 'route': {
        const { routeCommand } = await import('./commands/route.js');
        return await routeCommand(rest[0], common, io);
      }
      case 'dlq': {
        const { dlqCommand } = await import('./commands/dlq.js');
        return await dlqCommand(rest[0], { ...values, aws: values.aws ?? false }, common, io, deps);
      }
      case 'function': {
        const { functionCommand } = await import('./commands/function.js');
        return await functionCommand(rest, { dryRun: values['dry-run'] ?? false, aws: values.aws ?? false }, common, io, deps);
      }
      default:
        io.err(`unknown command "${command}"\n\nRun hive-relay --help for usage.`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}
