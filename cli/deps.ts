/**
 * What the CLI takes from its surroundings, injectable so tests run commands in-process with
 * their own environment and without AWS.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { StackOutputsReader } from './stack.js';

export interface CliDeps {
  /** environment for secrets and AWS settings (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** reads a CloudFormation stack's outputs (default: DescribeStacks through the AWS SDK) */
  stackOutputs?: StackOutputsReader;
  /** the SQS client for a deployed stack's queues (default: the AWS SDK in the queues' region) */
  stackSqsClient?: (region: string | undefined) => SQSClient;
  /** `function test`: how often the run is polled, and for how long at most */
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
}
