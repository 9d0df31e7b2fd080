import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { LocalSecretResolver } from '../../../shared/adapters/secrets-local.js';
import { AwsSecretResolver, secretPath } from '../../../shared/adapters/secrets-aws.js';
import { SecretNotFoundError } from '../../../shared/ports.js';

describe('local secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hive-relay-secrets-'));

  it('reads the environment variable, also under an upper-cased, underscored name', async () => {
    const secrets = new LocalSecretResolver({ env: { INGEST_TOKEN: 't1', SLACK_BOT_TOKEN: 'xoxb' }, cwd: dir });
    expect(await secrets.get({ secret: 'INGEST_TOKEN' })).toBe('t1');
    expect(await secrets.get({ secret: 'slack/bot-token' })).toBe('xoxb');
  });

  it('reads KEY=VALUE files (comments, export, quotes) and prefers the environment', async () => {
    const file = join(dir, 'custom.env');
    writeFileSync(file, '# team secrets\nexport A=one\nB="two words"\nC=\'th=ree\'\n\nD=from-file\n');
    const secrets = new LocalSecretResolver({ env: { HIVE_RELAY_SECRETS: file, D: 'from-env' }, cwd: dir });
    expect(await secrets.get({ secret: 'A' })).toBe('one');
    expect(await secrets.get({ secret: 'B' })).toBe('two words');
    expect(await secrets.get({ secret: 'C' })).toBe('th=ree');
    expect(await secrets.get({ secret: 'D' })).toBe('from-env');
  });

  it('reads a JSON file, and .hive-relay/secrets.env by default', async () => {
    const json = join(dir, 'secrets.json');
    writeFileSync(json, JSON.stringify({ WEBHOOK_URL: 'https://hooks.example.org/x' }));
    expect(await new LocalSecretResolver({ env: {}, file: json, cwd: dir }).get({ secret: 'WEBHOOK_URL' })).toBe('https://hooks.example.org/x');
    mkdirSync(join(dir, '.hive-relay'), { recursive: true });
    writeFileSync(join(dir, '.hive-relay', 'secrets.env'), 'DEFAULT_ONE=yes\n');
    expect(await new LocalSecretResolver({ env: {}, cwd: dir }).get({ secret: 'DEFAULT_ONE' })).toBe('yes');
  });

  it('says how to provide a missing secret, without guessing a value', async () => {
    const error = await new LocalSecretResolver({ env: {}, cwd: tmpdir() }).get({ secret: 'slack/bot-token' }).catch((e) => e);
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect(error.message).toMatch(/SLACK_BOT_TOKEN/);
  });

  it('refuses a named secrets file that does not exist, and a malformed one', () => {
    expect(() => new LocalSecretResolver({ env: { HIVE_RELAY_SECRETS: join(dir, 'nope.env') }, cwd: dir })).toThrow(/does not exist/);
    const bad = join(dir, 'bad.env');
    writeFileSync(bad, 'this line has no equals sign\n');
    expect(() => new LocalSecretResolver({ env: {}, file: bad, cwd: dir })).toThrow(/line 1/);
  });

  it('says a JSON secrets file is malformed without quoting it (the text around the error is a secret)', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "INGEST_TOKEN": s3cr3t-ingest-token-abcdef }');
    let message = '';
    try {
      new LocalSecretResolver({ env: {}, file: bad, cwd: dir });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/invalid JSON/);
    expect(message).not.toMatch(/s3cr3t|ingest-token/);
  });
});

/** A loopback fake of the SSM and Secrets Manager JSON APIs (GetParameter, GetSecretValue). */
function startAwsSecretsFake(values: { ssm: Record<string, string>; secretsManager: Record<string, string> }) {
  const calls: { target: string; name: string; decrypt?: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      const body = JSON.parse(text || '{}');
      const answer = (status: number, payload: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (target === 'AmazonSSM.GetParameter') {
        calls.push({ target, name: body.Name, decrypt: body.WithDecryption });
        const value = values.ssm[body.Name];
        if (value === undefined) return answer(400, { __type: 'ParameterNotFound', message: 'not found' });
        return answer(200, { Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } });
      }
      if (target === 'secretsmanager.GetSecretValue') {
        calls.push({ target, name: body.SecretId });
        const value = values.secretsManager[body.SecretId];
        if (value === undefined) return answer(400, { __type: 'ResourceNotFoundException', message: 'not found' });
        return answer(200, { Name: body.SecretId, SecretString: value });
      }
      answer(400, { __type: 'UnknownOperationException' });
    });
  });
  return { server, calls };
}

describe('AWS secrets (Powertools parameters) against a loopback SSM / Secrets Manager', () => {
  const fake = startAwsSecretsFake({
    ssm: { '/hive-relay/INGEST_TOKEN': 'from-ssm' },
    secretsManager: { '/hive-relay/SLACK_BOT_TOKEN': 'from-sm', 'team/KEY': 'other-prefix' },
  });
  let resolver: AwsSecretResolver;
  const client = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve()));
    const endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    resolver = new AwsSecretResolver(
      { store: 'ssm', prefix: '/hive-relay' },
      {
        ssm: new SSMProvider({ awsSdkV3Client: new SSMClient(client(endpoint)) }),
        secretsManager: new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(client(endpoint)) }),
      },
    );
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('reads `${prefix}/${NAME}` from SSM with decryption, and caches it', async () => {
    expect(await resolver.get({ secret: 'INGEST_TOKEN' })).toBe('from-ssm');
    expect(await resolver.get({ secret: 'INGEST_TOKEN' })).toBe('from-ssm');
    const ssmCalls = fake.calls.filter((c) => c.target === 'AmazonSSM.GetParameter');
    expect(ssmCalls).toEqual([{ target: 'AmazonSSM.GetParameter', name: '/hive-relay/INGEST_TOKEN', decrypt: true }]);
  });

  it('reads from Secrets Manager when the reference says so', async () => {
    expect(await resolver.get({ secret: 'SLACK_BOT_TOKEN', store: 'secretsmanager' })).toBe('from-sm');
  });

  it('turns a missing parameter into SecretNotFoundError naming the path', async () => {
    const error = await resolver.get({ secret: 'NOPE' }).catch((e) => e);
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect(error.message).toContain('/hive-relay/NOPE');
    expect(await resolver.get({ secret: 'NOPE', store: 'secretsmanager' }).catch((e) => e)).toBeInstanceOf(SecretNotFoundError);
  });

  it('joins prefixes without doubled or missing slashes', () => {
    expect(secretPath('/hive-relay', 'A')).toBe('/hive-relay/A');
    expect(secretPath('/hive-relay/', 'A')).toBe('/hive-relay/A');
    expect(secretPath('', 'A')).toBe('A');
    expect(secretPath('team', 'KEY')).toBe('team/KEY');
  });
});
