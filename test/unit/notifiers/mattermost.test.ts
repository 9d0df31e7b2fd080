import { describe, expect, it } from 'vitest';
import { mattermostNotifier } from '../../../shared/notifiers/mattermost.js';
import { mattermostNotifierSchema, type MattermostNotifierConfig } from '../../../shared/notifiers/schemas/mattermost.js';
import { caseLife, context, THEHIVE_URL } from './fixtures.js';

const HOOK = 'https://chat.example.org/hooks/xj3k9hookkey0001';
const secrets = { MATTERMOST_HOOK_URL: HOOK };
const config = (over: Record<string, unknown> = {}) =>
  mattermostNotifierSchema.parse({ name: 'soc-mm', type: 'mattermost', triggers: ['CaseCreated'], url: { secret: 'MATTERMOST_HOOK_URL' }, ...over }) as MattermostNotifierConfig;
const body = (r: { body?: string }) => JSON.parse(r.body!);

describe('mattermost notifier', () => {
  it('posts Markdown text and an attachment linked to TheHive, with username, icon, channel and priority when set', () => {
    const [request] = mattermostNotifier.render(caseLife.created(), config({ username: 'TheHive', iconUrl: 'https://thehive.example.org/icon.png', channel: 'soc-alerts', priority: 'urgent', requestedAck: true }), context(secrets));
    expect(request).toMatchObject({ key: 'post', method: 'POST', url: HOOK, headers: { 'content-type': 'application/json' } });
    const post = body(request);
    expect(post).toMatchObject({ channel: 'soc-alerts', username: 'TheHive', icon_url: 'https://thehive.example.org/icon.png', priority: { priority: 'urgent', requested_ack: true }, text: '**New case #7**' });
    const [attachment] = post.attachments;
    expect(attachment).toMatchObject({ color: '#e8912d', title: 'Case #7: Phishing campaign against finance', title_link: `${THEHIVE_URL}/cases/~41/details`, fallback: 'New case #7: Phishing campaign against finance' });
    expect(attachment.fields).toEqual([
      { short: true, title: 'Severity', value: 'HIGH' },
      { short: true, title: 'TLP', value: 'AMBER' },
      { short: true, title: 'PAP', value: 'AMBER' },
      { short: true, title: 'Status', value: 'New' },
      { short: false, title: 'Tags', value: '`phishing` `finance`' },
    ]);
    expect(attachment.text).toContain('validate');
  });

  it('keeps one event one post: text cut below 16,383 characters with a marker', () => {
    const event = caseLife.created();
    event.object!.description = 'd'.repeat(30_000);
    const post = body(mattermostNotifier.render(event, config({ template: '{{object.description}}' }), context(secrets))[0]);
    expect(post.text).toHaveLength(16_383);
    expect(post.text.endsWith('… (truncated)')).toBe(true);
    const fallback = body(mattermostNotifier.render(event, config(), context(secrets))[0]);
    expect(fallback.attachments[0].text.length).toBeLessThanOrEqual(16_383);
  });

  it('takes a JSON template as the payload', () => {
    const post = body(mattermostNotifier.render(caseLife.created(), config({ username: 'relay', template: '{"text":"#{{object.number}} {{object.title}}","props":{"card":"{{object.description}}"}}' }), context(secrets))[0]);
    expect(post).toEqual({ username: 'relay', text: '#7 Phishing campaign against finance', props: { card: 'Several users in finance reported an email asking to "validate" their payroll account.' } });
  });

  it('refuses requestedAck without priority', () => {
    const issues = mattermostNotifierSchema.safeParse({ name: 'm', type: 'mattermost', triggers: ['CaseCreated'], url: HOOK, requestedAck: true }).error?.issues;
    expect(issues?.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['requestedAck: only with priority']);
  });

  it('maps 200 delivered, 400 permanent (without the hook key), 429 and 5xx retried', () => {
    const [request] = mattermostNotifier.render(caseLife.created(), config(), context(secrets));
    expect(mattermostNotifier.outcome({ status: 200, headers: {}, body: 'ok' }, request)).toEqual({ kind: 'delivered' });
    const bad = mattermostNotifier.outcome({ status: 400, headers: {}, body: '{"message":"Unable to parse incoming data for xj3k9hookkey0001"}' }, request);
    expect(bad).toMatchObject({ kind: 'permanent' });
    expect(JSON.stringify(bad)).toContain('Unable to parse incoming data');
    expect(JSON.stringify(bad)).not.toContain('xj3k9hookkey0001');
    expect(mattermostNotifier.outcome({ status: 429, headers: { 'retry-after': '1' }, body: '' }, request)).toMatchObject({ kind: 'retry', afterSeconds: 1 });
    expect(mattermostNotifier.outcome({ status: 500, headers: {}, body: '' }, request)).toMatchObject({ kind: 'retry' });
  });
});
