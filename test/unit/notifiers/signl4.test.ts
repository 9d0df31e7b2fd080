import { describe, expect, it } from 'vitest';
import { signl4Notifier } from '../../../shared/notifiers/signl4.js';
import { signl4NotifierSchema, type Signl4NotifierConfig } from '../../../shared/notifiers/schemas/signl4.js';
import { alertLife, caseLife, context, THEHIVE_URL } from './fixtures.js';
import { lifeRunner } from './oncall-support.js';

const URL_ = 'https://connect.signl4.com/webhook/teamsecret42';
const secrets = { SIGNL4_WEBHOOK_URL: URL_ };
const config = (over: Record<string, unknown> = {}) =>
  signl4NotifierSchema.parse({ name: 'oncall', type: 'signl4', triggers: ['CaseCreated', 'CaseClosed'], url: { secret: 'SIGNL4_WEBHOOK_URL' }, ...over }) as Signl4NotifierConfig;
const body = (r: { body?: string }) => JSON.parse(r.body!);

describe('signl4 notifier', () => {
  it('raises an alert correlated by the case id, with title, message and the case facts', () => {
    const [request] = signl4Notifier.render(caseLife.created(), config({ service: 'SOC', alertingScenario: 'multi_ack' }), context(secrets));
    expect(request).toMatchObject({ key: 'new', method: 'POST', url: URL_, headers: { 'content-type': 'application/json' } });
    expect(body(request)).toEqual({
      Title: 'Case #7: Phishing campaign against finance',
      Message: 'New case #7 by alice@corp\n\nSeveral users in finance reported an email asking to "validate" their payroll account.',
      'X-S4-ExternalID': '~41',
      'X-S4-Status': 'new',
      'X-S4-SourceSystem': 'TheHive',
      'X-S4-Service': 'SOC',
      'X-S4-AlertingScenario': 'multi_ack',
      Severity: 'HIGH',
      TLP: 'AMBER',
      PAP: 'AMBER',
      Status: 'New',
      Tags: 'phishing, finance',
      Link: `${THEHIVE_URL}/cases/~41/details`,
      Updated: new Date(caseLife.created()._createdAt).toISOString(),
    });
  });

  it('resolves the same alert when the case closes, and never re-opens it for a late older event', () => {
    const life = lifeRunner(signl4Notifier, config(), secrets, 201);
    expect(life.step(caseLife.created()).map((r) => body(r)['X-S4-Status'])).toEqual(['new']);
    expect(life.step(caseLife.inProgress())).toEqual([]);
    const closed = life.step(caseLife.closed()).map(body);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ 'X-S4-ExternalID': '~41', 'X-S4-Status': 'resolved', Status: 'TruePositive' });
    expect(closed[0].Message).toContain('Case #7 closed (TruePositive) by bob@corp');
    expect(closed[0].Message).toContain('Sender domain blocked');
    expect(life.step(caseLife.taskCreated())).toEqual([]);
    expect(life.step(caseLife.reopened()).map((r) => body(r)['X-S4-Status'])).toEqual(['new']);
  });

  it('acknowledges when the case is in progress, if asked to', () => {
    const life = lifeRunner(signl4Notifier, config({ acknowledge: true }), secrets, 201);
    life.step(caseLife.created());
    expect(life.step(caseLife.inProgress()).map((r) => body(r)['X-S4-Status'])).toEqual(['acknowledged']);
  });

  it('resolves an alert once it is imported into a case', () => {
    const life = lifeRunner(signl4Notifier, config(), secrets, 201);
    life.step(alertLife.created());
    expect(body(life.step(alertLife.imported())[0])).toMatchObject({ 'X-S4-ExternalID': '~900', 'X-S4-Status': 'resolved' });
  });

  it('uses a user template as the message', () => {
    const [request] = signl4Notifier.render(caseLife.created(), config({ template: '{{object.title}} ({{severityLabel object.severity}})' }), context(secrets));
    expect(body(request).Message).toBe('Phishing campaign against finance (HIGH)');
  });

  it('never quotes the team secret in a reason', () => {
    const [request] = signl4Notifier.render(caseLife.created(), config(), context(secrets));
    const outcome = signl4Notifier.outcome({ status: 404, headers: {}, body: 'Unknown team teamsecret42' }, request);
    expect(outcome).toMatchObject({ kind: 'permanent' });
    expect(JSON.stringify(outcome)).not.toContain('teamsecret42');
    expect(signl4Notifier.outcome({ status: 503, headers: {}, body: '' }, request)).toMatchObject({ kind: 'retry' });
    expect(signl4Notifier.outcome({ status: 429, headers: { 'retry-after': '5' }, body: '' }, request)).toMatchObject({ kind: 'retry', afterSeconds: 5 });
  });
});
