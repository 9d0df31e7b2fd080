/** The pure parts of the CDK app: TheHive settings text, names, secret names, timeouts. */
import { describe, expect, it } from 'vitest';
import { Duration } from 'aws-cdk-lib';
import { secretPath } from '../../shared/adapters/secrets-aws.js';
import { notifierTimeout } from '../../infra/constructs/notifier-pipeline.js';
import { sourceRetentionFor, sqsMaxReceiveCount, visibilityTimeoutFor } from '../../infra/constructs/worker-pipeline.js';
import { translateSecretRefs } from '../../infra/constructs/function-pipeline.js';
import { pascalName, uniqueIdSuffixes } from '../../infra/naming.js';
import { resolveSecretName } from '../../infra/secret-access.js';
import { theHive4WebhookConfig, theHive5WebhookSettings } from '../../infra/thehive-settings.js';
import { functionSchema } from '../../shared/functions/schema.js';
import type { NotifierConfig } from '../../shared/config/schema.js';

const URL = 'https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/thehive';

describe('TheHive settings outputs', () => {
  it('TheHive 4: bearer and basic auth name the secret to paste, never a value', () => {
    const bearer = theHive4WebhookConfig(URL, { type: 'bearer', token: { secret: 'INGEST_TOKEN' } });
    expect(bearer).toContain(`url: "${URL}"`);
    expect(bearer).toContain('auth: { type: "bearer", key: "<paste the INGEST_TOKEN>" }');
    const basic = theHive4WebhookConfig(URL, { type: 'basic', username: 'thehive', password: { secret: 'HOOK_PASSWORD' } });
    expect(basic).toContain('auth: { type: "basic", username: "thehive", password: "<paste the HOOK_PASSWORD>" }');
  });

  it('TheHive 4: no authentication is no auth key at all (TheHive 4 refuses a type "none")', () => {
    const none = theHive4WebhookConfig(URL, { type: 'none' });
    expect(none).not.toMatch(/^\s*auth:/m);
    expect(none).toContain('# no auth');
  });

  it('TheHive 4: a custom header it cannot send is said plainly, in a comment', () => {
    const text = theHive4WebhookConfig(URL, { type: 'header', name: 'x-api-key', token: { secret: 'T' } });
    expect(text).toContain('cannot send a "x-api-key" header');
    expect(text).not.toMatch(/^\s*auth:/m);
  });

  it('TheHive 5: URL, version 0 and the authentication to choose', () => {
    const text = theHive5WebhookSettings(URL, { type: 'bearer', token: { secret: 'INGEST_TOKEN' } });
    expect(text).toContain(`URL: ${URL}; Version: 0`);
    expect(text).toContain('Authentication: Bearer, token <paste the INGEST_TOKEN>');
    expect(text).toContain('Header the relay checks: Authorization: Bearer <paste the INGEST_TOKEN>');
    expect(theHive5WebhookSettings(URL, { type: 'header', name: 'x-relay', token: { secret: 'T' } })).toContain('Header the relay checks: x-relay: <paste the T>');
  });
});

describe('names', () => {
  it('turns config names into output ids, unique even when PascalCase collides', () => {
    expect(pascalName('soc-webhook')).toBe('SocWebhook');
    const ids = uniqueIdSuffixes(['a-1', 'a1', 'soc']);
    expect(ids.get('soc')).toBe('Soc');
    expect(ids.get('a-1')).not.toBe(ids.get('a1'));
    for (const id of ids.values()) expect(id).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('grants the very secret names the runtime asks for (shared/adapters/secrets-aws.ts)', () => {
    for (const prefix of ['/hive-relay', '/hive-relay/', '/soc/relay', 'plain', '']) {
      for (const secret of ['INGEST_TOKEN', 'team/SLACK_BOT_TOKEN']) {
        expect(resolveSecretName({ secret }, { store: 'ssm', prefix }).name, `${prefix} ${secret}`).toBe(secretPath(prefix, secret));
      }
    }
    expect(resolveSecretName({ secret: 'K', store: 'secretsmanager' }, { store: 'ssm', prefix: '/p' })).toEqual({ store: 'secretsmanager', name: '/p/K' });
  });
});

describe('timeouts and receive counts', () => {
  const notifier = (timeoutSeconds: number) => ({ timeoutSeconds }) as NotifierConfig;

  it('gives a notify worker three requests’ worth of time, at least 30 s', () => {
    expect(notifierTimeout(notifier(10)).toSeconds()).toBe(30);
    expect(notifierTimeout(notifier(20)).toSeconds()).toBe(60);
  });

  it('gives a Cortex worker a lookup and a run per analyzer or responder, within Lambda’s 900 s', () => {
    const cortex = (timeoutSeconds: number, analyzers: string[], responders?: string[]) => ({ type: 'cortex', timeoutSeconds, analyzers, responders }) as unknown as NotifierConfig;
    expect(notifierTimeout(cortex(10, ['A', 'B', 'C'])).toSeconds()).toBe(60);
    expect(notifierTimeout(cortex(10, ['A'], ['R1', 'R2'])).toSeconds()).toBe(60);
    expect(notifierTimeout(cortex(60, Array.from({ length: 20 }, (_, i) => `A${i}`))).toSeconds()).toBe(900);
  });

  it('keeps messages long enough for every receive, between SQS\u2019s default 4 days and its 14', () => {
    const days = (d: Duration) => d.toSeconds() / 86400;
    expect(days(sourceRetentionFor(5, Duration.seconds(180)))).toBe(4);
    expect(days(sourceRetentionFor(500, Duration.seconds(1080)))).toBeCloseTo(500 * 1080 / 86400 + 1);
    expect(days(sourceRetentionFor(999, Duration.seconds(5400)))).toBe(14);
  });

  it('sets visibility to 6 × the worker timeout plus the batching window', () => {
    expect(visibilityTimeoutFor(Duration.seconds(30)).toSeconds()).toBe(180);
    expect(visibilityTimeoutFor(Duration.seconds(30), Duration.seconds(1)).toSeconds()).toBe(181);
  });

  it('lets SQS redrive one receive after the delivery code would have parked the message', () => {
    expect(sqsMaxReceiveCount(5)).toBe(6);
  });
});

describe('translate worker secrets', () => {
  it('are the function’s own and TheHive’s key, without its inbound auth token', () => {
    const fn = functionSchema.parse({
      name: 'sekoia',
      type: 'sekoia',
      auth: { type: 'bearer', token: { secret: 'FN_TOKEN' } },
      sekoia: { apiKey: { secret: 'SEKOIA_KEY' } },
    });
    expect(translateSecretRefs(fn, { secret: 'THEHIVE_KEY' }).map((r) => r.secret).sort()).toEqual(['SEKOIA_KEY', 'THEHIVE_KEY']);
  });
});
