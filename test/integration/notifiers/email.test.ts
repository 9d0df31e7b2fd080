/**
 * Email on its real paths: the notifier through the delivery use case into the local folder
 * sender, and the SES v2 adapter against a loopback stand-in of the SES v2 API
 * (`POST /v2/email/outbound-emails`, restJson errors named by `x-amzn-ErrorType`, or by `__type` /
 * `code` in the body, as SES answers them).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './support/harness.js';
import { RecordingTarget } from '../../fakes/recording-target.js';
import { FolderEmailSender } from '../../../shared/adapters/email-folder.js';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesClient, SesEmailSender } from '../../../shared/adapters/ses-email.js';
import { EmailSendError, HttpTransportError } from '../../../shared/ports.js';
import { caseLife, THEHIVE_URL } from '../../unit/notifiers/fixtures.js';

const notifier = { name: 'mail', type: 'email', triggers: ['CaseCreated'], from: 'soc@example.org', to: ['oncall@example.org'], cc: ['lead@example.org'] };

describe('email through the delivery use case (local folder sender)', () => {
  let folder: string;
  let harness: Harness;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hive-relay-mail-'));
    harness = await startHarness({ notifier, thehiveUrl: THEHIVE_URL, email: new FolderEmailSender(folder) });
  });
  afterAll(async () => {
    await harness.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes one message with both bodies, once even when redelivered', async () => {
    expect(await harness.deliver(caseLife.created(), { eventKey: 'mail-1' })).toMatchObject({ kind: 'delivered', requests: 1 });
    expect(await harness.deliver(caseLife.created(), { eventKey: 'mail-1', receiveCount: 2 })).toMatchObject({ kind: 'delivered', replayed: 1 });
    const files = (await readdir(folder)).sort();
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const json = JSON.parse(await readFile(join(folder, files.find((f) => f.endsWith('.json'))!), 'utf8'));
    expect(json).toMatchObject({ from: 'soc@example.org', to: ['oncall@example.org'], cc: ['lead@example.org'], subject: '[TheHive] New case #7: Phishing campaign against finance' });
    expect(json.html).toContain(`${THEHIVE_URL}/cases/~41/details`);
    expect(json.text).toContain('Severity: HIGH');
  });
});

describe('email with a body template through the delivery use case (local folder sender)', () => {
  let folder: string;
  let harness: Harness;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hive-relay-mail-template-'));
    const templated = { ...notifier, template: '<h1>{{object.title}}</h1><p>{{object.description}}</p>' };
    harness = await startHarness({ notifier: templated, thehiveUrl: THEHIVE_URL, email: new FolderEmailSender(folder) });
  });
  afterAll(async () => {
    await harness.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes event text escaped in the HTML body and as written in the text body', async () => {
    const event = caseLife.created();
    event.object!.title = 'Phishing from <bad@evil.com> & x<y>z';
    event.object!.description = 'He said "pay" & it\'s `x=1`';
    expect(await harness.deliver(event, { eventKey: 'mail-template-1' })).toMatchObject({ kind: 'delivered', requests: 1 });
    const files = await readdir(folder);
    const json = JSON.parse(await readFile(join(folder, files.find((f) => f.endsWith('.json'))!), 'utf8'));
    expect(json.html).toBe('<h1>Phishing from &lt;bad@evil.com&gt; &amp; x&lt;y&gt;z</h1><p>He said &quot;pay&quot; &amp; it&#x27;s &#x60;x&#x3D;1&#x60;</p>');
    expect(json.text).toBe('Phishing from <bad@evil.com> & x<y>z\nHe said "pay" & it\'s `x=1`');
  });
});

describe('SES v2 SendEmail adapter on the wire', () => {
  let ses: RecordingTarget;
  let sender: SesEmailSender;
  beforeAll(async () => {
    ses = await new RecordingTarget(() => ({ status: 200, body: { MessageId: '0100018c-test' } })).start();
    sender = new SesEmailSender(await createSesClient({ endpoint: ses.baseUrl, region: 'eu-west-1', requestTimeoutMs: 1000, maxAttempts: 1 }), { configurationSetName: 'relay' });
  });
  afterEach(() => ses.reset());
  afterAll(() => ses.stop());

  const mail = { from: 'soc@example.org', to: ['a@example.org'], cc: ['b@example.org'], subject: 'Case #7 — créé', text: 'plain', html: '<p>html</p>' };

  it('sends SendEmail with Simple content (UTF-8 subject, text, HTML), signed, and returns the MessageId', async () => {
    expect(await sender.send(mail)).toEqual({ messageId: '0100018c-test' });
    const [request] = ses.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v2/email/outbound-emails');
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/ses\/aws4_request/);
    expect(request.json).toEqual({
      FromEmailAddress: 'soc@example.org',
      Destination: { ToAddresses: ['a@example.org'], CcAddresses: ['b@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'Case #7 — créé', Charset: 'UTF-8' },
          Body: { Text: { Data: 'plain', Charset: 'UTF-8' }, Html: { Data: '<p>html</p>', Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'relay',
    });
  });

  /** what sending `mail` threw (it must throw) */
  const refusal = async () => {
    try {
      await sender.send(mail);
    } catch (error) {
      return error;
    }
    throw new Error('expected a refusal');
  };

  it('turns throttling into a 429, a rejection into a 400, a service error into a 5xx, silence into a timeout', async () => {
    ses.answerNext({ status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: { message: 'Maximum sending rate exceeded.' } });
    const throttled = await refusal();
    expect(throttled).toBeInstanceOf(EmailSendError);
    expect(throttled).toMatchObject({ status: 429, message: 'TooManyRequestsException: Maximum sending rate exceeded.' });

    ses.answerNext({ status: 400, headers: { 'x-amzn-errortype': 'MessageRejected' }, body: { message: 'Email address is not verified.' } });
    expect(await refusal()).toMatchObject({ status: 400, message: 'MessageRejected: Email address is not verified.' });

    ses.answerNext({ status: 500, headers: { 'x-amzn-errortype': 'InternalServiceErrorException' }, body: { message: 'oops' } });
    expect(await refusal()).toMatchObject({ status: 500 });

    ses.answerNext({ status: 200, body: { MessageId: 'late' }, delayMs: 2500 });
    const silent = await refusal();
    expect(silent).toBeInstanceOf(HttpTransportError);
    expect(silent).toMatchObject({ kind: 'timeout' });
  });

  it('turns SES quota throttling (ThrottlingException or Throttling, sent as a 400) into a 429, and a resource limit into a 400', async () => {
    // SES answers the daily quota and the sending rate with a 400 ThrottlingException
    ses.answerNext({ status: 400, headers: { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.sesv2/' }, body: { message: 'Daily message quota exceeded.' } });
    expect(await refusal()).toMatchObject({ status: 429, message: 'ThrottlingException: Daily message quota exceeded.' });

    // the same error named in the body instead of the header, and the older code `Throttling`
    ses.answerNext({ status: 400, body: { __type: 'com.amazonaws.sesv2#ThrottlingException', message: 'Maximum sending rate exceeded.' } });
    expect(await refusal()).toMatchObject({ status: 429, message: 'ThrottlingException: Maximum sending rate exceeded.' });
    ses.answerNext({ status: 400, body: { code: 'Throttling', message: 'Rate exceeded' } });
    expect(await refusal()).toMatchObject({ status: 429, message: 'Throttling: Rate exceeded' });

    // SES v2's LimitExceededException: too many instances of a resource type, which waiting does not change
    ses.answerNext({ status: 400, headers: { 'x-amzn-errortype': 'LimitExceededException' }, body: { message: 'Too many configuration sets.' } });
    expect(await refusal()).toMatchObject({ status: 400, message: 'LimitExceededException: Too many configuration sets.' });
  });

  it('treats an error the SDK marks as throttling as a 429, whatever its name and status', async () => {
    const throttled = Object.assign(new Error('Slow down'), { name: 'SomeFutureThrottle', $metadata: { httpStatusCode: 400 }, $retryable: { throttling: true } });
    const client = { send: async () => Promise.reject(throttled) } as unknown as SESv2Client;
    await expect(new SesEmailSender(client).send(mail)).rejects.toMatchObject({ status: 429, message: 'SomeFutureThrottle: Slow down' });
  });
});

describe('email with SES through the delivery use case', () => {
  let ses: RecordingTarget;
  let harness: Harness;
  beforeAll(async () => {
    ses = await new RecordingTarget(() => ({ status: 200, body: { MessageId: 'ok-1' } })).start();
    harness = await startHarness({ notifier, email: new SesEmailSender(await createSesClient({ endpoint: ses.baseUrl, maxAttempts: 1, requestTimeoutMs: 1000 })) });
  });
  afterAll(async () => {
    await harness.stop();
    await ses.stop();
  });

  it('delivers on MessageId, retries throttling (429 or SES’s 400 ThrottlingException) and timeouts, parks a rejected message with SES’s reason', async () => {
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'delivered' });
    ses.answerNext({ status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: { message: 'Maximum sending rate exceeded.' } });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: 'Email service answered 429: TooManyRequestsException: Maximum sending rate exceeded.' });
    ses.answerNext({ status: 200, body: { MessageId: 'late' }, delayMs: 2500 });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^timeout/) });
    ses.answerNext({ status: 400, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Daily message quota exceeded.' } });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'retry', reason: 'Email service answered 429: ThrottlingException: Daily message quota exceeded.' });
    ses.answerNext({ status: 400, headers: { 'x-amzn-errortype': 'MessageRejected' }, body: { message: 'Email address is not verified.' } });
    expect(await harness.deliver(caseLife.created())).toMatchObject({ kind: 'parked', failure: { permanent: true, status: 400, reason: 'Email service answered 400: MessageRejected: Email address is not verified.' } });
  });
});
