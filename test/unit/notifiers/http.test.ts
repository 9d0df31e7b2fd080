import { describe, expect, it } from 'vitest';
import { bodyEscape, httpNotifier } from '../../../shared/notifiers/http.js';
import { httpNotifierSchema, type HttpNotifierConfig } from '../../../shared/notifiers/schemas/http.js';
import { caseLife, context } from './fixtures.js';

const secrets = { JIRA_AUTH: 'Basic amlyYTpzZWNyZXQ=' };
const config = (over: Record<string, unknown> = {}) =>
  httpNotifierSchema.parse({ name: 'jira', type: 'http', triggers: ['TaskCreated'], url: 'https://jira.example.org/rest/api/2/issue', ...over }) as HttpNotifierConfig;

describe('http notifier (TheHive HTTP Request)', () => {
  it('renders the issue example: JSON body with JSON-escaped variables, a secret header, the content type', () => {
    const event = caseLife.taskCreated();
    event.object!.title = 'Block "evil" domain\nnow';
    const [request] = httpNotifier.render(
      event,
      config({ method: 'POST', headers: { authorization: { secret: 'JIRA_AUTH' }, 'x-case': 'case {{case.number}}' }, body: '{ "fields": { "summary": "{{object.title}}", "case": {{json case.number}} } }' }),
      context(secrets),
    );
    expect(request).toMatchObject({ key: 'request', method: 'POST', url: 'https://jira.example.org/rest/api/2/issue' });
    expect(request.headers).toEqual({ authorization: 'Basic amlyYTpzZWNyZXQ=', 'x-case': 'case 7', 'content-type': 'application/json' });
    expect(JSON.parse(request.body!)).toEqual({ fields: { summary: 'Block "evil" domain\nnow', case: 7 } });
  });

  it('URI-encodes the URL’s variables (raw.* unencoded)', () => {
    const event = caseLife.created();
    event.object!.title = 'a/b & c?';
    const [request] = httpNotifier.render(event, config({ method: 'GET', url: 'https://api.example.org/search/{{object.title}}?case={{object.number}}&link={{url}}&base={{{raw.thehiveUrl}}}' }), context());
    expect(request.url).toBe(
      'https://api.example.org/search/a%2Fb%20%26%20c%3F?case=7&link=https%3A%2F%2Fthehive.example.org%2Fcases%2F~41%2Fdetails&base=https://thehive.example.org',
    );
    expect(request.body).toBeUndefined();
    expect(request.headers).toEqual({});
  });

  it('takes a secret URL as it is', () => {
    const [request] = httpNotifier.render(caseLife.created(), config({ url: { secret: 'HOOK' } }), context({ HOOK: 'https://hooks.example.org/T/{{not-a-template}}' }));
    expect(request.url).toBe('https://hooks.example.org/T/{{not-a-template}}');
  });

  it('sends the normalised event as JSON when no body is given', () => {
    const [request] = httpNotifier.render(caseLife.created(), config(), context());
    expect(JSON.parse(request.body!)).toMatchObject({ action: 'create', objectType: 'Case', objectId: '~41' });
  });

  it('escapes an XML body as HTML, a text body not at all, and keeps header values on one line', () => {
    const event = caseLife.created();
    event.object!.title = '<x> & "y"';
    const xml = httpNotifier.render(event, config({ contentType: 'application/xml', body: '<case>{{object.title}}</case>' }), context())[0];
    expect(xml.body).toBe('<case>&lt;x&gt; &amp; &quot;y&quot;</case>');
    expect(xml.headers!['content-type']).toBe('application/xml');
    const text = httpNotifier.render(event, config({ contentType: 'text/plain', body: '{{object.title}}', headers: { 'X-Title': '{{object.description}}\r\nInjected: yes' } }), context())[0];
    expect(text.body).toBe('<x> & "y"');
    expect(text.headers!['X-Title']).not.toMatch(/[\r\n]/);
    expect(bodyEscape('application/vnd.api+json')).toBe('json');
  });

  it('refuses a JSON body that does not parse, and a rendered URL that is not http(s), naming the field', () => {
    expect(() => httpNotifier.render(caseLife.created(), config({ body: '{ "a": {{object.title}} }' }), context())).toThrow(/^body: the rendered body is not valid JSON/);
    expect(() => httpNotifier.render(caseLife.created(), config({ url: 'https://{{object.nothing}}' }), context())).toThrow('url: the rendered URL is not an http(s) URL');
    const issues = httpNotifierSchema.safeParse({ name: 'h', type: 'http', triggers: ['AnyEvent'], url: 'ftp://x', headers: { 'bad header': 'x' } }).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['url', 'headers.bad header']);
  });

  it('maps 2xx delivered, 429 with Retry-After, 5xx retry, 4xx permanent without the secret header', () => {
    const [request] = httpNotifier.render(caseLife.created(), config({ headers: { authorization: { secret: 'JIRA_AUTH' } } }), context(secrets));
    expect(httpNotifier.outcome({ status: 201, headers: {}, body: '{"id":"10000"}' }, request)).toEqual({ kind: 'delivered' });
    expect(httpNotifier.outcome({ status: 429, headers: { 'retry-after': '60' }, body: '' }, request)).toMatchObject({ kind: 'retry', afterSeconds: 60 });
    expect(httpNotifier.outcome({ status: 502, headers: {}, body: '' }, request)).toMatchObject({ kind: 'retry' });
    const denied = httpNotifier.outcome({ status: 401, headers: {}, body: 'bad credentials Basic amlyYTpzZWNyZXQ=' }, request);
    expect(denied).toMatchObject({ kind: 'permanent' });
    expect(JSON.stringify(denied)).not.toContain('amlyYTpzZWNyZXQ=');
  });
});
