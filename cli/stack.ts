/**
 * The deployed stack, as the CLI finds it: CloudFormation DescribeStacks → its outputs →
 * QueuesJson (queues and DLQs by name) and the API URL. Region and credentials come from the
 * standard AWS environment (AWS_REGION, AWS_PROFILE, …), as for the AWS CLI.
 */
import { stackOutputKeys, type QueuesOutput } from '../infra/outputs.js';
import { quietSdkNodeVersionWarning } from './aws-quiet.js';
import { CliError } from './io.js';

/** Output key → value of a stack. */
export type StackOutputsReader = (stackName: string) => Promise<Record<string, string>>;

export const describeStackOutputs: StackOutputsReader = async (stackName) => {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  quietSdkNodeVersionWarning();
  const client = new CloudFormationClient({});
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = answer.Stacks?.[0];
    if (!stack) throw new CliError(`stack ${stackName} not found`);
    return Object.fromEntries((stack.Outputs ?? []).filter((o) => o.OutputKey && o.OutputValue !== undefined).map((o) => [o.OutputKey!, o.OutputValue!]));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read stack ${stackName} from CloudFormation: ${(error as Error).message} (check AWS_REGION and your AWS credentials)`);
  } finally {
    client.destroy();
  }
};

/** Parses the stack's `QueuesJson` output. */
export function queuesFromOutputs(outputs: Record<string, string>, stackName: string): QueuesOutput {
  const text = outputs[stackOutputKeys.queues];
  if (text === undefined) {
    throw new CliError(`stack ${stackName} has no ${stackOutputKeys.queues} output: is it a hive-relay stack (deployed with this version)?`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`stack ${stackName}: output ${stackOutputKeys.queues} is not JSON: ${(error as Error).message}`);
  }
  const queues = parsed as Partial<QueuesOutput>;
  if (typeof queues !== 'object' || queues === null || queues.v !== 1 || typeof queues.notifiers !== 'object' || typeof queues.functions !== 'object') {
    throw new CliError(`stack ${stackName}: output ${stackOutputKeys.queues} is not a version 1 queue map ({ v: 1, notifiers, functions })`);
  }
  return queues as QueuesOutput;
}

/** Base URL of the deployed API (ends without a slash). */
export function apiUrlFromOutputs(outputs: Record<string, string>, stackName: string): string {
  const url = outputs[stackOutputKeys.apiUrl];
  if (!url) throw new CliError(`stack ${stackName} has no ${stackOutputKeys.apiUrl} output`);
  return url.replace(/\/+$/, '');
}
