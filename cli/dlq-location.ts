/**
 * Where a pipeline's queue and DLQ are, with an SQS client able to reach them: the local
 * relay (GET /_local/runtime → the fauxqs endpoint and queue URLs) or a deployed stack
 * (CloudFormation output QueuesJson). Everything after this is the same code for both.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient, SqsQueueClient } from '../shared/adapters/sqs.js';
import type { QueuePair } from '../shared/adapters/sqs-queues.js';
import { fetchLocalRuntime } from '../local/runtime-info.js';
import { queueKey } from '../local/context.js';
import type { CliDeps } from './deps.js';
import { quietSdkNodeVersionWarning } from './aws-quiet.js';
import { CliError } from './io.js';
import { describeStackOutputs, queuesFromOutputs } from './stack.js';

export type PipelineKind = 'notifier' | 'function' | 'slack';

export interface PipelineRef {
  kind: PipelineKind;
  /** notifier or function name; `actions` for the Slack actions pipeline */
  name: string;
}

export interface DlqLocation {
  /** e.g. `notifier soc-webhook` */
  label: string;
  /** e.g. `the local relay at http://127.0.0.1:3000` */
  where: string;
  target: QueuePair;
  client: SqsQueueClient;
  close(): void;
}

/** Queue pairs by pipeline, whichever runtime they came from. */
interface QueueMap {
  notifier: Record<string, QueuePair>;
  function: Record<string, QueuePair>;
  slack: Record<string, QueuePair>;
}

const plural: Record<PipelineKind, string> = { notifier: 'notifiers', function: 'functions', slack: 'Slack pipelines' };

const labelOf = (ref: PipelineRef) => (ref.kind === 'slack' ? 'the Slack actions' : `${ref.kind} ${ref.name}`);

function pick(map: QueueMap, ref: PipelineRef, where: string): QueuePair {
  const found = map[ref.kind][ref.name];
  if (found) return found;
  if (ref.kind === 'slack') throw new CliError(`${where} has no Slack actions queue: two-way Slack is not configured there`);
  const known = Object.keys(map[ref.kind]).sort();
  throw new CliError(`no ${ref.kind} named "${ref.name}" in ${where}; known ${plural[ref.kind]}: ${known.length ? known.join(', ') : 'none'}`);
}

/** The SQS region from a queue URL (`https://sqs.eu-west-1.amazonaws.com/…`), when it shows one. */
export function regionOfQueueUrl(url: string): string | undefined {
  return /^https:\/\/sqs[.-]([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//.exec(url)?.[1];
}

export async function locateLocal(ref: PipelineRef, localUrl: string): Promise<DlqLocation> {
  const where = `the local relay at ${localUrl}`;
  let info;
  try {
    info = await fetchLocalRuntime(localUrl);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const map: QueueMap = { notifier: {}, function: {}, slack: {} };
  for (const kind of Object.keys(map) as PipelineKind[]) {
    const prefix = queueKey(kind, '');
    for (const [key, pair] of Object.entries(info.queues)) {
      if (key.startsWith(prefix)) map[kind][key.slice(prefix.length)] = pair;
    }
  }
  const target = pick(map, ref, where);
  quietSdkNodeVersionWarning();
  const sqs = createSqsClient({ endpoint: info.sqsEndpoint });
  return { label: labelOf(ref), where, target, client: new SqsQueueClient(sqs), close: () => sqs.destroy() };
}

export async function locateInStack(ref: PipelineRef, stackName: string, deps: CliDeps): Promise<DlqLocation> {
  const where = `stack ${stackName}`;
  const outputs = await (deps.stackOutputs ?? describeStackOutputs)(stackName);
  const queues = queuesFromOutputs(outputs, stackName);
  const map: QueueMap = {
    notifier: queues.notifiers,
    function: queues.functions,
    slack: queues.slackActions ? { actions: queues.slackActions } : {},
  };
  const target = pick(map, ref, where);
  const region = regionOfQueueUrl(target.dlqUrl);
  quietSdkNodeVersionWarning();
  const sqs = deps.stackSqsClient ? deps.stackSqsClient(region) : new SQSClient(region ? { region } : {});
  return { label: labelOf(ref), where, target, client: new SqsQueueClient(sqs), close: () => sqs.destroy() };
}
