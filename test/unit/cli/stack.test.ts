import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { regionOfQueueUrl } from '../../../cli/dlq-location.js';
import { apiUrlFromOutputs, queuesFromOutputs } from '../../../cli/stack.js';
import { CliError } from '../../../cli/io.js';
import type { QueuesOutput } from '../../../infra/outputs.js';
import { captureIo } from './capture.js';

const url = (name: string) => `https://sqs.eu-west-3.amazonaws.com/123456789012/${name}`;
const pair = (name: string) => ({ queueUrl: url(name), queueArn: `arn:aws:sqs:eu-west-3:123456789012:${name}`, dlqUrl: url(`${name}-dlq`), dlqArn: `arn:aws:sqs:eu-west-3:123456789012:${name}-dlq` });
const queues: QueuesOutput = {
  v: 1,
  notifiers: { 'soc-webhook': pair('notifier-soc-webhook'), 'soc-slack': pair('notifier-soc-slack') },
  functions: { elastic: pair('function-elastic') },
};
const outputs = { QueuesJson: JSON.stringify(queues), ApiUrl: 'https://abc123.execute-api.eu-west-3.amazonaws.com/', WebhookUrl: 'x' };

describe('finding a deployed stack’s queues (CloudFormation outputs)', () => {
  it('parses QueuesJson', () => {
    expect(queuesFromOutputs(outputs, 'HiveRelay')).toEqual(queues);
    expect(apiUrlFromOutputs(outputs, 'HiveRelay')).toBe('https://abc123.execute-api.eu-west-3.amazonaws.com');
  });

  it('explains a stack without the output, or with one that is not a queue map', () => {
    expect(() => queuesFromOutputs({ WebhookUrl: 'x' }, 'Other')).toThrow(/stack Other has no QueuesJson output/);
    expect(() => queuesFromOutputs({ QueuesJson: '{not json' }, 'HiveRelay')).toThrow(/QueuesJson is not JSON/);
    expect(() => queuesFromOutputs({ QueuesJson: JSON.stringify({ v: 2, notifiers: {} }) }, 'HiveRelay')).toThrow(CliError);
    expect(() => apiUrlFromOutputs({}, 'HiveRelay')).toThrow(/no ApiUrl output/);
  });

  it('reads the region from an SQS queue URL', () => {
    expect(regionOfQueueUrl(url('q'))).toBe('eu-west-3');
    expect(regionOfQueueUrl('http://127.0.0.1:4566/000000000000/q')).toBeUndefined();
  });

  it('asks CloudFormation for the stack named by --stack, and lists the known notifiers for an unknown one', async () => {
    const asked: string[] = [];
    const io = captureIo();
    const code = await main(['dlq', 'list', '--notifier', 'soc-mail', '--stack', 'Prod-Relay'], io, {
      stackOutputs: async (name) => {
        asked.push(name);
        return outputs;
      },
    });
    expect(code).toBe(1);
    expect(asked).toEqual(['Prod-Relay']);
    expect(io.stderr()).toBe('no notifier named "soc-mail" in stack Prod-Relay; known notifiers: soc-slack, soc-webhook');
  });

  it('with --aws, uses the config’s stackName', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hive-relay-cli-stack-'));
    const config = join(dir, 'relay.yaml');
    writeFileSync(config, 'stackName: SocRelay\ningest: { auth: { type: none } }\n');
    const asked: string[] = [];
    const io = captureIo();
    const code = await main(['dlq', 'redrive', '--function', 'wazuh', '--aws', '--config', config], io, {
      stackOutputs: async (name) => {
        asked.push(name);
        return outputs;
      },
    });
    expect(code).toBe(1);
    expect(asked).toEqual(['SocRelay']);
    expect(io.stderr()).toBe('no function named "wazuh" in stack SocRelay; known functions: elastic');
  });

  it('says when the stack has no Slack actions queue', async () => {
    const io = captureIo();
    expect(await main(['dlq', 'list', '--slack', '--stack', 'HiveRelay'], io, { stackOutputs: async () => outputs })).toBe(1);
    expect(io.stderr()).toContain('stack HiveRelay has no Slack actions queue');
  });
});
