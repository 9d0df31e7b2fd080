import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookNotifier, webhookSignature, webhookId } from '../../../shared/notifiers/webhook.js';
import { webhookNotifierSchema, type WebhookNotifierConfig } from '../../../shared/notifiers/schemas/webhook.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import type { RenderContext } from '../../../shared/notifiers/types.js';
import { fixture } from '../../fixtures/thehive/index.js';

function event(): RelayEvent {
  const result = normalise(fixture('v5-audit', 'case-create'));
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

function config(overrides: Partial<WebhookNotifierConfig> = {}): WebhookNotifierConfig {
  return webhookNotifierSchema.parse({
    type: 'webhook',
    name: 'soc-webhook',
    triggers: ['CaseCreated'],
    url: 'https://hooks.example.org/in',
    ...overrides,
  }) as WebhookNotifierConfig;
}

const secrets: Record<string, string> = { HOOK_URL: 'https://secret.example.org/hook/tok3n', API_KEY: 'k-123456', SIGNING: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
const ctx = (overrides: Partial<RenderContext> = {}): RenderContext => ({
  secret: (ref) => {
    const name = typeof ref === 'string' ? ref : ref.secret;
    if (!(name in secrets)) throw new Error(`no secret ${name}`);
    return secrets[name];
  },
  now: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  eventKey: 'abc123',
  thehiveUrl: 'https://thehive.example.org',
  ...overrides,
});

describe('webhook render', () => {
  it('posts the normalised event as JSON when there is no template', () => {
    const [request] = webhookNotifier.render(event(), config(), ctx());
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://hooks.example.org/in');
    expect(request.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(request.body!)).toEqual(JSON.parse(JSON.stringify(event())));
    expect(request.timeoutMs).toBe(10_000);
  });

  it('renders a template with JSON escaping, so quotes in fields keep the body valid JSON', () => {
    const e = event();
    e.object = { ...e.object, title: 'Phishing "urgent" \\ report\nline 2' };
    const [request] = webhookNotifier.render(e, config({ template: '{"text": "{{object.title}} by {{audit._createdBy}}"}' }), ctx());
    expect(JSON.parse(request.body!)).toEqual({ text: `Phishing "urgent" \\ report\nline 2 by ${e._createdBy}` });
  });

  it('refuses a template that does not render JSON when the content type is JSON', () => {
    expect(() => webhookNotifier.render(event(), config({ template: 'title: {{object.title}}' }), ctx())).toThrow(/not valid JSON/);
  });

  it('sends a plain-text template as is with another content type', () => {
    const [request] = webhookNotifier.render(event(), config({ template: 'new case: {{object.title}}', contentType: 'text/plain' }), ctx());
    expect(request.body).toBe(`new case: ${(event().object as { title: string }).title}`);
    expect(request.headers?.['content-type']).toBe('text/plain');
  });

  it('resolves a secret URL and secret header values', () => {
    const [request] = webhookNotifier.render(
      event(),
      config({ url: { secret: 'HOOK_URL' }, headers: { 'X-Api-Key': { secret: 'API_KEY' }, 'X-Source': 'hive-relay' }, timeoutSeconds: 3 }),
      ctx(),
    );
    expect(request.url).toBe(secrets.HOOK_URL);
    expect(request.headers?.['x-api-key']).toBe('k-123456');
    expect(request.headers?.['x-source']).toBe('hive-relay');
    expect(request.timeoutMs).toBe(3000);
  });

  it('signs with Standard Webhooks headers: id stable per notifier and event, timestamp in seconds', () => {
    const cfg = config({ signingSecret: { secret: 'SIGNING' } });
    const [first] = webhookNotifier.render(event(), cfg, ctx());
    const [later] = webhookNotifier.render(event(), cfg, ctx({ now: Date.UTC(2026, 0, 2, 3, 9, 0) }));
    const [other] = webhookNotifier.render(event(), cfg, ctx({ eventKey: 'another' }));
    expect(first.headers?.['webhook-id']).toBe(later.headers?.['webhook-id']);
    expect(first.headers?.['webhook-id']).not.toBe(other.headers?.['webhook-id']);
    expect(first.headers?.['webhook-timestamp']).toBe(String(Math.floor(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000)));
    // verify as a receiver would: base64-decode the key after whsec_, HMAC "id.timestamp.body"
    const key = Buffer.from(secrets.SIGNING.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`${first.headers?.['webhook-id']}.${first.headers?.['webhook-timestamp']}.${first.body}`)
      .digest('base64');
    expect(first.headers?.['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('matches the Standard Webhooks specification example vector', () => {
    // from the spec's reference test suite: secret, msg id, timestamp, payload → signature
    expect(webhookSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('uses a secret without the whsec_ prefix as raw key bytes', () => {
    const expected = createHmac('sha256', Buffer.from('plain-secret', 'utf8')).update('id.1.body').digest('base64');
    expect(webhookSignature('plain-secret', 'id', 1, 'body')).toBe(`v1,${expected}`);
  });

  it('derives different ids for different notifiers of the same event', () => {
    expect(webhookId('a', 'k')).not.toBe(webhookId('b', 'k'));
    expect(webhookId('a', 'k')).toMatch(/^msg_[A-Za-z0-9_-]+$/);
  });

  it('names a missing secret instead of sending', () => {
    expect(() => webhookNotifier.render(event(), config({ headers: { 'X-Key': { secret: 'MISSING' } } }), ctx())).toThrow(/MISSING/);
  });
});

describe('webhook outcome', () => {
  const [request] = webhookNotifier.render(event(), config({ url: { secret: 'HOOK_URL' } }), ctx());
  const answer = (status: number, headers: Record<string, string> = {}, body = '') => webhookNotifier.outcome({ status, headers, body }, request);

  it.each([200, 201, 202, 204])('%i is delivered', (status) => {
    expect(answer(status).kind).toBe('delivered');
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('%i is retried', (status) => {
    const outcome = answer(status, {}, 'busy');
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.afterSeconds).toBeUndefined();
  });

  it('honours Retry-After in seconds', () => {
    expect(answer(429, { 'retry-after': '7' })).toMatchObject({ kind: 'retry', afterSeconds: 7 });
    expect(answer(503, { 'retry-after': '120' })).toMatchObject({ kind: 'retry', afterSeconds: 120 });
  });

  it('honours Retry-After as an HTTP date, against the answer’s Date', () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    const later = 'Wed, 21 Oct 2026 07:29:30 GMT';
    expect(answer(429, { 'retry-after': later, date })).toMatchObject({ kind: 'retry', afterSeconds: 90 });
  });

  it.each([400, 401, 403, 404, 410, 413, 422])('%i is permanent and quotes the answer', (status) => {
    const outcome = answer(status, {}, '{"error":"bad payload"}');
    expect(outcome.kind).toBe('permanent');
    expect(outcome.kind === 'permanent' && outcome.reason).toContain(String(status));
    expect(outcome.kind === 'permanent' && outcome.reason).toContain('bad payload');
  });

  it('does not quote the secret URL when the target echoes it', () => {
    const outcome = answer(404, {}, `no route for ${secrets.HOOK_URL}`);
    expect(outcome.kind === 'permanent' && outcome.reason).not.toContain('tok3n');
  });

  it('treats an unfollowed redirect as permanent and says where it pointed', () => {
    const outcome = answer(302, { location: 'https://elsewhere.example.org/' });
    expect(outcome).toMatchObject({ kind: 'permanent' });
    expect(outcome.kind === 'permanent' && outcome.reason).toContain('elsewhere.example.org');
  });

  it.each(['/hook/tok3n/', 'https://secret.example.org:443/hook/tok3n', 'hook/tok3n?x=1'])('names only the origin of a redirect to %s, never its path', (location) => {
    const outcome = answer(301, { location });
    expect(outcome.kind === 'permanent' && outcome.reason).toContain('https://secret.example.org/…');
    expect(outcome.kind === 'permanent' && outcome.reason).not.toContain('tok3n');
  });
});
