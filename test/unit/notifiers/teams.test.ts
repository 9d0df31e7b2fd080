import { describe, expect, it } from 'vitest';
import { teamsNotifier } from '../../../shared/notifiers/teams.js';
import { teamsNotifierSchema, type TeamsNotifierConfig } from '../../../shared/notifiers/schemas/teams.js';
import { fitTeamsPayload } from '../../../shared/notifiers/teams-card.js';
import { caseLife, context, THEHIVE_URL } from './fixtures.js';

const URL_ = 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sig=S1GNATURE0001';
const secrets = { TEAMS_WORKFLOW_URL: URL_ };
const config = (over: Record<string, unknown> = {}) =>
  teamsNotifierSchema.parse({ name: 'soc-teams', type: 'teams', triggers: ['CaseCreated'], url: { secret: 'TEAMS_WORKFLOW_URL' }, ...over }) as TeamsNotifierConfig;
const body = (r: { body?: string }) => JSON.parse(r.body!);
const bytes = (r: { body?: string }) => Buffer.byteLength(r.body!, 'utf8');

describe('teams notifier', () => {
  it('posts an Adaptive Card 1.4 in the Workflows envelope', () => {
    const [request] = teamsNotifier.render(caseLife.created(), config(), context(secrets));
    expect(request).toMatchObject({ key: 'post', method: 'POST', url: URL_, headers: { 'content-type': 'application/json' } });
    const envelope = body(request);
    expect(envelope.type).toBe('message');
    expect(envelope.attachments).toHaveLength(1);
    const [attachment] = envelope.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.contentUrl).toBeNull();
    const card = attachment.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4' });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'warning' });
    expect(card.body[0].items.map((i: any) => i.text)).toEqual(['New case #7', 'Case #7: Phishing campaign against finance']);
    expect(card.body[1]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Severity', value: 'HIGH' },
        { title: 'TLP', value: 'AMBER' },
        { title: 'PAP', value: 'AMBER' },
        { title: 'Status', value: 'New' },
        { title: 'Tags', value: 'phishing, finance' },
      ],
    });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in TheHive', url: `${THEHIVE_URL}/cases/~41/details` }]);
  });

  it('names the case of a child event and what changed on an update', () => {
    const task = body(teamsNotifier.render(caseLife.taskCreated(), config(), context(secrets))[0]).attachments[0].content;
    expect(task.body[0].items.map((i: any) => i.text)).toEqual(['New task in case #7', 'Task: Block the sender domain', 'Case #7: Phishing campaign against finance']);
    const update = body(teamsNotifier.render(caseLife.inProgress(), config(), context(secrets))[0]).attachments[0].content;
    expect(JSON.stringify(update.body)).toContain('Changed: status → **InProgress**, assignee → **bob@corp**');
  });

  it('wraps a user template: text → card, card → envelope, envelope as is', () => {
    const text = body(teamsNotifier.render(caseLife.created(), config({ template: 'New: {{object.title}}' }), context(secrets))[0]);
    expect(text.attachments[0].content.body).toEqual([{ type: 'TextBlock', text: 'New: Phishing campaign against finance', wrap: true }]);
    const card = body(teamsNotifier.render(caseLife.created(), config({ template: '{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"{{object.title}}"}]}' }), context(secrets))[0]);
    expect(card.type).toBe('message');
    expect(card.attachments[0].content.body[0].text).toBe('Phishing campaign against finance');
    const envelope = '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4","body":[]}}]}';
    expect(body(teamsNotifier.render(caseLife.created(), config({ template: envelope }), context(secrets))[0])).toEqual(JSON.parse(envelope));
  });

  it('keeps the card under 20 KB by cutting the longest text, with a marker', () => {
    const event = caseLife.created();
    event.object!.description = 'é'.repeat(40_000);
    const [request] = teamsNotifier.render(event, config({ template: '{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"{{object.description}}"},{"type":"TextBlock","text":"{{object.title}}"}]}' }), context(secrets));
    expect(bytes(request)).toBeLessThanOrEqual(20_000);
    const [long, title] = body(request).attachments[0].content.body;
    expect(long.text.endsWith('… (truncated)')).toBe(true);
    expect(long.text.length).toBeGreaterThan(5000);
    expect(title.text).toBe('Phishing campaign against finance');
  });

  it('drops trailing elements when no single text is long enough to cut', () => {
    const body = Array.from({ length: 400 }, (_, i) => ({ type: 'TextBlock', text: `line ${i} `.repeat(15) }));
    const fitted = fitTeamsPayload({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body } }] });
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(20_000);
    expect((fitted as any).attachments[0].content.body[0].text).toContain('line 0');
  });

  it('maps 202 delivered, 413 permanent, 429 after Retry-After, 5xx retry, and a legacy 200 error text', () => {
    const [request] = teamsNotifier.render(caseLife.created(), config(), context(secrets));
    expect(teamsNotifier.outcome({ status: 202, headers: {}, body: '' }, request)).toEqual({ kind: 'delivered' });
    expect(teamsNotifier.outcome({ status: 200, headers: {}, body: '1' }, request)).toEqual({ kind: 'delivered' });
    expect(teamsNotifier.outcome({ status: 413, headers: {}, body: 'Request Entity Too Large' }, request)).toMatchObject({ kind: 'permanent' });
    expect(teamsNotifier.outcome({ status: 429, headers: { 'retry-after': '2' }, body: '' }, request)).toMatchObject({ kind: 'retry', afterSeconds: 2 });
    expect(teamsNotifier.outcome({ status: 504, headers: {}, body: '' }, request)).toMatchObject({ kind: 'retry' });
    expect(teamsNotifier.outcome({ status: 200, headers: {}, body: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId x' }, request)).toMatchObject({ kind: 'retry' });
    const failed = teamsNotifier.outcome({ status: 400, headers: {}, body: `bad request for sig=S1GNATURE0001` }, request);
    expect(JSON.stringify(failed)).not.toContain('S1GNATURE0001');
  });
});
