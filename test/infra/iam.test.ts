/**
 * Least privilege in the synthesized template: producers only send, each worker consumes only
 * its own queue, every Lambda reads exactly the secrets its part of the config references, and
 * uses only its own partitions of the state table (test/infra/state-access.test.ts checks those
 * grants against the calls the code makes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sesIdentities } from '../../infra/constructs/notifier-pipeline.js';
import type { WorkerPipeline } from '../../infra/constructs/worker-pipeline.js';
import type { RelayFunction } from '../../infra/constructs/relay-function.js';
import { asArray, flatten, logicalId, roleStatements, synthFixture, type Synthesized } from './helpers.js';

const resources = (st: any): string[] => asArray(st.Resource).map(flatten);
const sqsStatements = (statements: any[]) => statements.filter((st) => asArray(st.Action).some((a: string) => a.startsWith('sqs:')));
const dynamoStatements = (statements: any[]) => statements.filter((st) => asArray(st.Action).some((a: string) => a.startsWith('dynamodb:')));

/** DynamoDB calls no Lambda needs: whole-table reads and writes, table metadata, the stream. */
const TABLE_WIDE_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:DescribeStream',
  'dynamodb:ListStreams',
  'dynamodb:PartiQLSelect',
];

/** A role's state-table access: one statement's actions and LeadingKeys patterns. */
function stateGrants(s: Synthesized, fn: RelayFunction) {
  return dynamoStatements(roleStatements(s.json, roleOf(fn))).map((st) => ({
    actions: asArray(st.Action).sort(),
    partitions: st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'],
  }));
}

/** Every DynamoDB statement of the stack: item calls only, on the table, held to LeadingKeys. */
function expectEveryStateStatementNarrow(s: Synthesized) {
  const table = `<${logicalId(s.stack.stateTable)}.Arn>`;
  const statements = Object.values<any>(s.json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r) => dynamoStatements(r.Properties.PolicyDocument.Statement));
  expect(statements.length).toBeGreaterThan(0);
  for (const st of statements) {
    const actions = asArray(st.Action);
    for (const action of actions) expect(TABLE_WIDE_ACTIONS).not.toContain(action);
    expect(actions.every((a: string) => /^dynamodb:(GetItem|PutItem|UpdateItem|DeleteItem|Query)$/.test(a)), actions.join()).toBe(true);
    expect(resources(st)).toEqual([table]);
    expect(Object.keys(st.Condition ?? {})).toEqual(['ForAllValues:StringLike']);
    expect(Object.keys(st.Condition['ForAllValues:StringLike'])).toEqual(['dynamodb:LeadingKeys']);
    expect(st.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'].length).toBeGreaterThan(0);
  }
}

/** `{ ssm: [...names], secretsmanager: [...names] }` a role may read. */
function readableSecrets(statements: any[]) {
  const of = (action: string, marker: string) =>
    statements
      .filter((st) => asArray(st.Action).includes(action))
      .flatMap((st) => asArray(st.Resource).map(flatten))
      .map((arn) => arn.slice(arn.indexOf(marker) + marker.length))
      .sort();
  return { ssm: of('ssm:GetParameter', ':parameter'), secretsmanager: of('secretsmanager:GetSecretValue', ':secret:') };
}

const roleOf = (fn: RelayFunction) => logicalId(fn.role);

describe('IAM of the relay stack (relay.yaml)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthFixture('relay.yaml');
  });

  it('lets ingest send to every notifier queue and nothing else on SQS: it cannot consume', () => {
    const statements = sqsStatements(roleStatements(s.json, roleOf(s.stack.ingest!)));
    expect(statements.map((st) => st.Action)).toEqual(statements.map(() => 'sqs:SendMessage'));
    expect(statements.flatMap(resources).sort()).toEqual(
      [...s.stack.notifiers.values()].map((p) => `<${logicalId(p.queue)}.Arn>`).sort(),
    );
  });

  it('lets each notify Lambda consume only its own queue and send only to its own queue and DLQ', () => {
    for (const [name, pipeline] of s.stack.notifiers) {
      const own = [logicalId(pipeline.queue), logicalId(pipeline.deadLetterQueue)];
      const statements = sqsStatements(roleStatements(s.json, roleOf(pipeline.worker)));
      const named = statements.flatMap(resources);
      for (const resource of named) expect(own.map((id) => `<${id}.Arn>`), name).toContain(resource);
      const consume = statements.filter((st) => asArray(st.Action).includes('sqs:ReceiveMessage'));
      expect(consume.flatMap(resources)).toEqual([`<${logicalId(pipeline.queue)}.Arn>`]);
      expect(asArray(consume[0].Action)).toContain('sqs:DeleteMessage');
      const sends = statements.filter((st) => asArray(st.Action).includes('sqs:SendMessage')).flatMap(resources);
      expect(sends.sort()).toEqual(own.map((id) => `<${id}.Arn>`).sort());
    }
  });

  it("never lets a notifier's role name another notifier's queue, DLQ or secrets", () => {
    for (const [name, pipeline] of s.stack.notifiers) {
      const text = JSON.stringify(roleStatements(s.json, roleOf(pipeline.worker)));
      for (const [other, otherPipeline] of s.stack.notifiers) {
        if (other === name) continue;
        expect(text).not.toContain(logicalId(otherPipeline.queue));
        expect(text).not.toContain(logicalId(otherPipeline.deadLetterQueue));
      }
    }
    expect(readableSecrets(roleStatements(s.json, roleOf(s.stack.notifiers.get('soc-webhook')!.worker)))).toEqual({
      ssm: ['/hive-relay/SOC_WEBHOOK_AUTH', '/hive-relay/SOC_WEBHOOK_URL'],
      // a ref's own `store` wins over secrets.store; `-??????` is the random suffix of the secret's ARN
      secretsmanager: ['/hive-relay/SOC_WEBHOOK_SIGNING-??????'],
    });
    for (const name of ['audit-hook', 'console', 'mail']) {
      const statements = roleStatements(s.json, roleOf(s.stack.notifiers.get(name)!.worker));
      expect(statements.flatMap((st) => asArray(st.Action)).filter((a: string) => /^(ssm|secretsmanager|kms):/.test(a)), name).toEqual([]);
    }
  });

  it('lets ingest read only the ingest auth secret', () => {
    expect(readableSecrets(roleStatements(s.json, roleOf(s.stack.ingest!)))).toEqual({
      ssm: ['/hive-relay/INGEST_TOKEN'],
      secretsmanager: [],
    });
  });

  it('limits kms:Decrypt to SSM and Secrets Manager calls on the role\u2019s own parameters and secrets', () => {
    const statements = roleStatements(s.json, roleOf(s.stack.notifiers.get('soc-webhook')!.worker));
    const kms = statements.filter((st) => asArray(st.Action).includes('kms:Decrypt'));
    expect(kms).toHaveLength(2);
    const via = (service: string) => kms.find((st) => flatten(st.Condition.StringEquals['kms:ViaService']) === `${service}.<AWS::Region>.<AWS::URLSuffix>`)!;
    expect(via('ssm').Condition['ForAnyValue:StringEquals']['kms:EncryptionContext:PARAMETER_ARN'].map(flatten).sort()).toEqual([
      'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/hive-relay/SOC_WEBHOOK_AUTH',
      'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/hive-relay/SOC_WEBHOOK_URL',
    ]);
    // customer managed keys of Secrets Manager secrets: only through Secrets Manager, only these secrets
    expect(via('secretsmanager').Condition['ForAnyValue:StringLike']['kms:EncryptionContext:SecretARN'].map(flatten)).toEqual([
      'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:/hive-relay/SOC_WEBHOOK_SIGNING-??????',
    ]);
  });

  it('attaches no AWS managed policy to any role, and lets each Lambda write only its own log group', () => {
    const roles = Object.entries<any>(s.json.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles).toHaveLength(7);
    for (const [, role] of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const pipeline = s.stack.notifiers.get('console')!;
    const logs = roleStatements(s.json, roleOf(pipeline.worker)).filter((st) => asArray(st.Action).includes('logs:PutLogEvents'));
    expect(logs.flatMap(resources)).toEqual([`<${logicalId(pipeline.worker.logGroup)}.Arn>`]);
  });

  it('lets no Lambda Scan, Batch*, DescribeTable or read the stream: item calls on the state table, held to partitions', () => {
    expectEveryStateStatementNarrow(s);
  });

  it('lets ingest read and write only its dedupe marks (EVENT#…)', () => {
    expect(stateGrants(s, s.stack.ingest!)).toEqual([
      { actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], partitions: ['EVENT#*'] },
    ]);
  });

  it('lets each notifier use only its own case memory (MEM#name) and idempotency records (IDEMP#name#…)', () => {
    for (const [name, pipeline] of s.stack.notifiers) {
      expect(stateGrants(s, pipeline.worker), name).toEqual([
        {
          actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [`MEM#${name}`, `IDEMP#${name}#*`],
        },
      ]);
    }
  });
});

describe('IAM of functions and Slack (full.yaml, secrets prefix /soc/relay)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthFixture('full.yaml');
  });
  const secretsOf = (fn: RelayFunction) => readableSecrets(roleStatements(s.json, roleOf(fn)));
  const worker = (p: WorkerPipeline) => p.worker;

  it('lets each translate Lambda read its own secrets and thehive.apiKey, not its inbound auth token', () => {
    expect(secretsOf(worker(s.stack.functions.get('sekoia')!))).toEqual({
      ssm: ['/soc/relay/THEHIVE_API_KEY'],
      secretsmanager: ['/soc/relay/SEKOIA_API_KEY-??????'],
    });
    expect(secretsOf(worker(s.stack.functions.get('elastic')!))).toEqual({ ssm: ['/soc/relay/THEHIVE_API_KEY'], secretsmanager: [] });
  });

  it('lets the function intake read the functions\u2019 auth and dry-run secrets (not TheHive\u2019s key) and send only to their queues', () => {
    expect(secretsOf(s.stack.functionIntake!)).toEqual({
      ssm: ['/soc/relay/ELASTIC_FN_TOKEN', '/soc/relay/MINE_TOKEN', '/soc/relay/SEKOIA_FN_TOKEN'],
      // a dry run of a sekoia function enriches the alert through Sekoia's API
      secretsmanager: ['/soc/relay/SEKOIA_API_KEY-??????'],
    });
    const statements = sqsStatements(roleStatements(s.json, roleOf(s.stack.functionIntake!)));
    expect(statements.every((st) => st.Action === 'sqs:SendMessage')).toBe(true);
    expect(statements.flatMap(resources).sort()).toEqual(
      [...s.stack.functions.values()].map((p) => `<${logicalId(p.queue)}.Arn>`).sort(),
    );
  });

  it('lets Slack interactions read the signing secret and bot token and only send to the actions queue', () => {
    expect(secretsOf(s.stack.slackInteractions!)).toEqual({
      ssm: ['/soc/relay/SLACK_BOT_TOKEN', '/soc/relay/SLACK_SIGNING_SECRET'],
      secretsmanager: [],
    });
    const statements = sqsStatements(roleStatements(s.json, roleOf(s.stack.slackInteractions!)));
    expect(statements.map((st) => [st.Action, ...resources(st)])).toEqual([
      ['sqs:SendMessage', `<${logicalId(s.stack.slackActions!.queue)}.Arn>`],
    ]);
  });

  it('lets the Slack act worker read the bot token and thehive.apiKey only', () => {
    expect(secretsOf(worker(s.stack.slackActions!))).toEqual({
      ssm: ['/soc/relay/SLACK_BOT_TOKEN', '/soc/relay/THEHIVE_API_KEY'],
      secretsmanager: [],
    });
  });

  it('lets no Lambda Scan, Batch*, DescribeTable or read the stream: item calls on the state table, held to partitions', () => {
    expectEveryStateStatementNarrow(s);
  });

  it('lets each translate Lambda read and update only its own function\u2019s runs and status (FN#name)', () => {
    for (const [name, pipeline] of s.stack.functions) {
      expect(stateGrants(s, worker(pipeline)), name).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: [`FN#${name}`] }]);
    }
  });

  it('lets the function intake use the runs of every function, and query them for GET', () => {
    expect(stateGrants(s, s.stack.functionIntake!)).toEqual([
      {
        actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        partitions: ['FN#elastic', 'FN#sekoia', 'FN#mine'],
      },
    ]);
  });

  it('lets the Slack act worker keep only action steps (SLACKACT#…), and Slack interactions only read the interactive notifiers\u2019 memory', () => {
    expect(stateGrants(s, worker(s.stack.slackActions!))).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['SLACKACT#*'] }]);
    // soc-chat is the one interactive Slack notifier; soc-webhook's and printer's memory stay out of reach
    expect(stateGrants(s, s.stack.slackInteractions!)).toEqual([{ actions: ['dynamodb:GetItem'], partitions: ['MEM#soc-chat'] }]);
  });

  it('lets each notifier use only its own partitions here too', () => {
    expect([...s.stack.notifiers.keys()]).toEqual(['soc-webhook', 'printer', 'soc-chat']);
    for (const [name, pipeline] of s.stack.notifiers) expect(stateGrants(s, worker(pipeline))[0].partitions, name).toEqual([`MEM#${name}`, `IDEMP#${name}#*`]);
  });
});

describe('email notifiers', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthFixture('relay.yaml');
  });

  it('may send email only as the configured sender (its address or its domain identity); no other role may send', () => {
    for (const [name, pipeline] of s.stack.notifiers) {
      const ses = roleStatements(s.json, roleOf(pipeline.worker)).filter((st) => asArray(st.Action).some((a: string) => a.startsWith('ses:')));
      if (name !== 'mail') {
        expect(ses, name).toEqual([]);
        continue;
      }
      expect(ses).toHaveLength(1);
      expect(ses[0].Action).toBe('ses:SendEmail');
      expect(resources(ses[0]).sort()).toEqual([
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/example.org',
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/soc@example.org',
      ]);
    }
  });

  it('lets the Slack and PagerDuty notifiers read only their own token or key', () => {
    const secretsOf = (name: string) => readableSecrets(roleStatements(s.json, roleOf(s.stack.notifiers.get(name)!.worker)));
    expect(secretsOf('soc-slack')).toEqual({ ssm: ['/hive-relay/SLACK_BOT_TOKEN'], secretsmanager: [] });
    expect(secretsOf('oncall')).toEqual({ ssm: ['/hive-relay/PD_ROUTING_KEY'], secretsmanager: [] });
    expect(secretsOf('mail')).toEqual({ ssm: [], secretsmanager: [] });
  });

  it('reads the sender out of "Name <address>" forms and refuses what is not an address', () => {
    expect(sesIdentities('soc@example.org')).toEqual({ address: 'soc@example.org', domain: 'example.org' });
    expect(sesIdentities('"SOC team" <soc@mail.example.org>')).toEqual({ address: 'soc@mail.example.org', domain: 'mail.example.org' });
    expect(sesIdentities({ secret: 'FROM' })).toBeUndefined();
    expect(sesIdentities('not an address')).toBeUndefined();
  });
});
