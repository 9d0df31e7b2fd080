/**
 * `hive-relay dlq list|show|redrive|purge (--notifier NAME | --function NAME | --slack)`:
 * a pipeline's dead letters, on the local relay (default) or a deployed stack (--aws,
 * --stack NAME). Discovery differs; the operations are the same shared code.
 */
import { loadConfigFile } from '../../shared/config/load.js';
import {
  listDeadLetters,
  purgeDeadLetters,
  redrive,
  showDeadLetter,
  summarise,
  type DeadLetterEntry,
} from '../../shared/dlq/dead-letters.js';
import type { CliDeps } from '../deps.js';
import { locateInStack, locateLocal, type DlqLocation, type PipelineRef } from '../dlq-location.js';
import { CliError, type CliIo } from '../io.js';
import type { CommonOptions } from '../main.js';
import { stackNameFor } from '../stack-name.js';
import { formatTable } from '../table.js';

export interface DlqOptions {
  notifier?: string;
  function?: string;
  slack?: boolean;
  id?: string;
  aws: boolean;
}

const subcommands = ['list', 'show', 'redrive', 'purge'] as const;
type Subcommand = (typeof subcommands)[number];

const usage = 'usage: hive-relay dlq list|show|redrive|purge --notifier NAME (or --function NAME, or --slack)';

function pipelineOf(options: Pick<DlqOptions, 'notifier' | 'function' | 'slack'>): PipelineRef {
  const given: PipelineRef[] = [];
  if (options.notifier !== undefined) given.push({ kind: 'notifier', name: options.notifier });
  if (options.function !== undefined) given.push({ kind: 'function', name: options.function });
  if (options.slack) given.push({ kind: 'slack', name: 'actions' });
  if (given.length !== 1) throw new CliError(`${given.length ? 'give only one of' : 'say whose dead letters:'} --notifier NAME, --function NAME or --slack\n${usage}`, 2);
  if (!given[0].name) throw new CliError(`--${given[0].kind} needs a name\n${usage}`, 2);
  return given[0];
}

export async function dlqCommand(subcommand: string | undefined, options: DlqOptions, common: CommonOptions, io: CliIo, deps: CliDeps = {}): Promise<number> {
  if (!subcommands.includes(subcommand as Subcommand)) {
    throw new CliError(`${subcommand ? `unknown dlq command "${subcommand}"` : 'missing dlq command'}\n${usage}`, 2);
  }
  const ref = pipelineOf(options);
  const stackName = stackNameFor(common, options.aws, () => loadConfigFile(common.configPath));
  const location = stackName ? await locateInStack(ref, stackName, deps) : await locateLocal(ref, common.local);
  try {
    return await run(subcommand as Subcommand, location, options, common, io);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${subcommand} failed on the DLQ of ${location.label} (${location.where}): ${(error as Error).message}`);
  } finally {
    location.close();
  }
}

async function run(subcommand: Subcommand, location: DlqLocation, options: DlqOptions, common: CommonOptions, io: CliIo): Promise<number> {
  const { client, target, label } = location;
  switch (subcommand) {
    case 'list': {
      const entries = await listDeadLetters(client, target.dlqUrl);
      if (common.json) io.out(JSON.stringify(entries.map(summarise), null, 2));
      else io.out(entries.length ? listTable(entries) : `no dead letters for ${label}`);
      return 0;
    }
    case 'show': {
      if (options.id) {
        const entry = await showDeadLetter(client, target.dlqUrl, options.id);
        if (!entry) throw new CliError(`no dead letter with id ${options.id} for ${label} (hive-relay dlq list shows their ids)`);
        io.out(JSON.stringify(entry, null, 2));
      } else {
        io.out(JSON.stringify(await listDeadLetters(client, target.dlqUrl, { max: 1000 }), null, 2));
      }
      return 0;
    }
    case 'redrive': {
      const result = await redrive(client, target, options.id ? { messageIds: [options.id] } : {});
      if (common.json) io.out(JSON.stringify(result, null, 2));
      else io.out(`moved ${result.moved} dead letter${result.moved === 1 ? '' : 's'} of ${label} back to its queue for delivery`);
      return 0;
    }
    case 'purge': {
      if (options.id) throw new CliError('purge deletes every dead letter; it takes no --id', 2);
      const result = await purgeDeadLetters(client, target.dlqUrl);
      if (common.json) io.out(JSON.stringify(result, null, 2));
      else io.out(`deleted ${result.purged} dead letter${result.purged === 1 ? '' : 's'} of ${label}`);
      return 0;
    }
  }
}

/** What a dead letter was about: the event for a notifier, the run for a function. */
function subjectOf(entry: DeadLetterEntry): string {
  const summary = summarise(entry);
  if (summary.event) return summary.event;
  const message = entry.letter.message as Record<string, unknown> | undefined;
  if (message && typeof message === 'object' && typeof message.runId === 'string') return `run ${message.runId}`;
  const change = message && typeof message === 'object' ? (message.change as { kind?: unknown } | undefined) : undefined;
  if (typeof message?.caseId === 'string' && typeof change?.kind === 'string') return `${change.kind} on case ${message.caseId}`;
  return '?';
}

function listTable(entries: DeadLetterEntry[]): string {
  const rows = entries.map((entry) => {
    const summary = summarise(entry);
    return [
      summary.messageId,
      subjectOf(entry),
      summary.reason,
      summary.status === undefined ? '-' : String(summary.status),
      String(summary.attempts),
      summary.lastAttemptAt ?? '-',
    ];
  });
  return formatTable(['MESSAGE ID', 'EVENT', 'REASON', 'STATUS', 'ATTEMPTS', 'LAST ATTEMPT'], rows);
}
