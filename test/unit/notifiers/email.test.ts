import { describe, expect, it } from 'vitest';
import { emailNotifier, htmlToText } from '../../../shared/notifiers/email.js';
import type { EmailMessage } from '../../../shared/ports.js';
import { emailNotifierSchema, type EmailNotifierConfig } from '../../../shared/notifiers/schemas/email.js';
import { caseLife, context, THEHIVE_URL } from './fixtures.js';

const config = (over: Record<string, unknown> = {}) =>
  emailNotifierSchema.parse({ name: 'mail', type: 'email', triggers: ['CaseCreated'], from: 'soc@example.org', to: ['oncall@example.org'], ...over }) as EmailNotifierConfig;
const message = (r: { body?: string }) => JSON.parse(r.body!) as EmailMessage;

describe('email notifier', () => {
  it('renders one email request: subject, HTML and text bodies, recipients from config', () => {
    const [request, ...rest] = emailNotifier.render(caseLife.created(), config({ cc: ['lead@example.org'] }), context());
    expect(rest).toEqual([]);
    expect(request).toMatchObject({ key: 'email', transport: 'email', method: 'POST', url: 'email:' });
    const mail = message(request);
    expect(mail).toMatchObject({ from: 'soc@example.org', to: ['oncall@example.org'], cc: ['lead@example.org'], subject: '[TheHive] New case #7: Phishing campaign against finance' });
    expect(mail.html).toContain(`<a href="${THEHIVE_URL}/cases/~41/details" style="color:#1a5fb4">Case #7: Phishing campaign against finance</a>`);
    expect(mail.html).toContain('<td style="padding:4px 12px 4px 0;vertical-align:top"><b>HIGH</b></td>');
    expect(mail.html).toContain('reported an email asking to &quot;validate&quot;');
    expect(mail.text).toContain('Severity: HIGH\nTLP: AMBER\nPAP: AMBER\nStatus: New\nTags: phishing, finance');
    expect(mail.text).toContain(`${THEHIVE_URL}/cases/~41/details`);
  });

  it('escapes HTML in TheHive data', () => {
    const event = caseLife.created();
    event.object!.title = '<script>alert(1)</script>';
    const mail = message(emailNotifier.render(event, config(), context())[0]);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.subject).toContain('<script>alert(1)</script>');
  });

  it('renders a subject template on one line and a body template as HTML and text', () => {
    const [request] = emailNotifier.render(
      caseLife.inProgress(),
      config({ subject: 'Case #{{object.number}}\n{{object.status}}', template: '<p>Assigned to <b>{{object.assignee}}</b></p><p>{{object.description}}</p>' }),
      context(),
    );
    const mail = message(request);
    expect(mail.subject).toBe('Case #7 InProgress');
    expect(mail.html).toBe('<p>Assigned to <b>bob@corp</b></p><p>Several users in finance reported an email asking to &quot;validate&quot; their payroll account.</p>');
    expect(mail.text).toBe('Assigned to bob@corp\nSeveral users in finance reported an email asking to "validate" their payroll account.');
  });

  it('converts HTML to text', () => {
    expect(htmlToText('<h1>Title</h1><p>a &amp; b<br>c</p>')).toBe('Title\na & b\nc');
  });

  // event text with everything Handlebars' escaper touches: & < > " ' ` =
  const TITLE = 'Phishing from <bad@evil.com> & x<y>z';
  const DESCRIPTION = 'He said "pay" & it\'s `x=1` <b>now</b>';
  const awkward = () => {
    const event = caseLife.created();
    event.object!.title = TITLE;
    event.object!.description = DESCRIPTION;
    return event;
  };

  it('keeps event text verbatim in the text part of a body template, escaped in its HTML part', () => {
    const mail = message(emailNotifier.render(awkward(), config({ template: '<h1>{{object.title}}</h1><p>{{object.description}}</p>' }), context())[0]);
    expect(mail.html).toBe(
      '<h1>Phishing from &lt;bad@evil.com&gt; &amp; x&lt;y&gt;z</h1><p>He said &quot;pay&quot; &amp; it&#x27;s &#x60;x&#x3D;1&#x60; &lt;b&gt;now&lt;/b&gt;</p>',
    );
    expect(mail.text).toBe(`${TITLE}\n${DESCRIPTION}`);
  });

  it('decodes an entity once in the text part: event text that reads like an entity stays as written', () => {
    const event = caseLife.created();
    event.object!.title = 'a &lt; b &amp;amp; &#x3D;';
    const mail = message(emailNotifier.render(event, config({ template: '<p>{{object.title}}</p>' }), context())[0]);
    expect(mail.html).toBe('<p>a &amp;lt; b &amp;amp;amp; &amp;#x3D;</p>');
    expect(mail.text).toBe('a &lt; b &amp;amp; &#x3D;');
  });

  it('keeps event text verbatim in the default text part and escaped in the default HTML part', () => {
    const mail = message(emailNotifier.render(awkward(), config(), context())[0]);
    expect(mail.text).toContain(`Case #7: ${TITLE}\n`);
    expect(mail.text).toContain(`\n${DESCRIPTION}\n`);
    expect(mail.html).toContain('>Case #7: Phishing from &lt;bad@evil.com&gt; &amp; x&lt;y&gt;z</a>');
    expect(mail.html).toContain('He said &quot;pay&quot; &amp; it&#x27;s &#x60;x&#x3D;1&#x60; &lt;b&gt;now&lt;/b&gt;</div>');
    expect(mail.html).not.toContain('<bad@evil.com>');
    expect(mail.html).not.toContain('<b>now</b>');
  });

  it("decodes what Handlebars' escaper produces, numeric entities and the usual named ones", () => {
    expect(htmlToText('&amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;')).toBe('& < > " \' ` =');
    expect(htmlToText('&#39; &#8212; &#X2014; &apos; a&nbsp;b')).toBe("' — — ' a b");
    expect(htmlToText('&bogus; &#xFFFFFF; &#0; & ;')).toBe('&bogus; &#xFFFFFF; &#0; & ;');
  });

  it('leaves an entity named like an Object property as written', () => {
    expect(htmlToText('&constructor; &toString; &__proto__;')).toBe('&constructor; &toString; &__proto__;');
  });

  it('refuses more than 50 recipients and bad addresses, naming the field', () => {
    const many = Array.from({ length: 51 }, (_, i) => `u${i}@example.org`);
    const issues = (over: Record<string, unknown>) =>
      emailNotifierSchema.safeParse({ name: 'm', type: 'email', triggers: ['CaseCreated'], from: 'soc@example.org', to: ['a@example.org'], ...over }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ to: many })).toEqual(['to: at most 50 recipients in to, cc and bcc together (found 51)']);
    expect(issues({ from: 'not-an-address' })).toEqual(['from: expected an email address']);
    expect(issues({ to: [] })).toEqual(['to: expected at least one recipient']);
  });

  it('maps the email service answer: sent, throttled (retry), rejected (permanent)', () => {
    const [request] = emailNotifier.render(caseLife.created(), config(), context());
    expect(emailNotifier.outcome({ status: 200, headers: {}, body: '{"messageId":"m1"}' }, request)).toEqual({ kind: 'delivered' });
    expect(emailNotifier.outcome({ status: 429, headers: {}, body: 'TooManyRequestsException: Maximum sending rate exceeded.' }, request)).toMatchObject({ kind: 'retry' });
    expect(emailNotifier.outcome({ status: 400, headers: {}, body: 'MessageRejected: Email address is not verified.' }, request)).toEqual({
      kind: 'permanent',
      reason: 'Email service answered 400: MessageRejected: Email address is not verified.',
    });
  });
});
