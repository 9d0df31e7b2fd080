import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../../shared/slack/signature.js';
import { slackSign } from './fixtures.js';

// Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const DOC_NOW = Number(DOC_TIMESTAMP) * 1000 + 60_000;

const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({ signingSecret: DOC_SECRET, signature: DOC_SIGNATURE, timestamp: DOC_TIMESTAMP, rawBody: DOC_BODY, now: DOC_NOW, ...overrides });

describe('Slack request signature', () => {
  it("signs Slack's published example to Slack's published signature", () => {
    expect(signSlackRequest(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
  });

  it("accepts Slack's published example within the 5-minute window", () => {
    expect(check()).toEqual({ ok: true });
  });

  it('agrees with an independent HMAC signer on other bodies', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    expect(check({ signingSecret: 's3', rawBody: body, signature: slackSign('s3', DOC_TIMESTAMP, body) })).toEqual({ ok: true });
  });

  it('refuses a wrong secret, a changed body or a changed timestamp', () => {
    expect(check({ signingSecret: 'another-secret' })).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(check({ rawBody: DOC_BODY.replace('roadrunner', 'coyote') })).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(check({ timestamp: String(Number(DOC_TIMESTAMP) + 1) })).toMatchObject({ ok: false, problem: 'bad_signature' });
  });

  it('refuses signatures of another length or scheme without throwing', () => {
    expect(check({ signature: 'v0=abc' })).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(check({ signature: DOC_SIGNATURE.replace('v0=', 'v1=') })).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(check({ signature: DOC_SIGNATURE.toUpperCase() })).toMatchObject({ ok: false, problem: 'bad_signature' });
  });

  it('refuses missing headers, naming them', () => {
    expect(check({ signature: undefined })).toMatchObject({ ok: false, problem: 'missing_signature', message: expect.stringContaining('X-Slack-Signature') });
    expect(check({ timestamp: undefined })).toMatchObject({ ok: false, problem: 'missing_timestamp', message: expect.stringContaining('X-Slack-Request-Timestamp') });
    expect(check({ timestamp: '15314x0618' })).toMatchObject({ ok: false, problem: 'invalid_timestamp' });
  });

  it('refuses timestamps more than 5 minutes old (replay) or ahead', () => {
    const ts = Number(DOC_TIMESTAMP) * 1000;
    expect(check({ now: ts + 300_000 })).toEqual({ ok: true });
    expect(check({ now: ts + 301_000 })).toMatchObject({ ok: false, problem: 'stale_timestamp' });
    expect(check({ now: ts - 300_000 })).toEqual({ ok: true });
    expect(check({ now: ts - 301_000 })).toMatchObject({ ok: false, problem: 'future_timestamp' });
  });
});
