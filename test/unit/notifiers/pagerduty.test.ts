import { describe, expect, it } from 'vitest';
import { pagerDutyNotifier, pagerDutySeverity } from '../../../shared/notifiers/pagerduty.js';
import { pagerDutyNotifierSchema, type PagerDutyNotifierConfig } from '../../../shared/notifiers/schemas/pagerduty.js';
import { alertLife, caseLife, context, THEHIVE_URL, v4 } from './fixtures.js';
import { lifeRunner } from './oncall-support.js';

const KEY = 'R0UT1NGKEY0123456789abcdefabcdef';
const secrets = { PD_ROUTING_KEY: KEY };
const config = (over: Record<string, unknown> = {}) =>
  pagerDutyNotifierSchema.parse({ name: 'pd', type: 'pagerduty', triggers: ['AnyEvent'], routingKey: { secret: 'PD_ROUTING_KEY' }, ...over }) as PagerDutyNotifierConfig;
const body = (r: { body?: string }) => JSON.parse(r.body!);

describe('pagerduty notifier', () => {
  it('triggers an Events API v2 alert for a new case, keyed by the case id', () => {
    const [request, ...rest] = pagerDutyNotifier.render(caseLife.created(), config(), context(secrets));
    expect(rest).toEqual([]);
    expect(request).toMatchObject({ key: 'trigger', method: 'POST', url: 'https://events.pagerduty.com/v2/enqueue', headers: { 'content-type': 'application/json' } });
    expect(request.headers).not.toHaveProperty('authorization');
    const event = body(request);
    expect(event).toMatchObject({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'thehive:~41',
      client: 'TheHive',
      client_url: `${THEHIVE_URL}/cases/~41/details`,
      links: [{ href: `${THEHIVE_URL}/cases/~41/details`, text: 'Open Case #7: Phishing campaign against finance in TheHive' }],
    });
    expect(event.payload).toMatchObject({
      summary: 'Case #7: Phishing campaign against finance (HIGH)',
      source: 'thehive.example.org',
      severity: 'error',
      timestamp: new Date(caseLife.created()._createdAt).toISOString(),
      class: 'Case',
      group: 'SOC',
    });
    expect(event.payload.custom_details).toMatchObject({ severity: 'HIGH', tlp: 'AMBER', pap: 'AMBER', status: 'New', tags: 'phishing, finance', event: 'New case #7 by alice@corp' });
  });

  it('maps severity 1..4 to info, warning, error, critical', () => {
    expect([1, 2, 3, 4, undefined].map(pagerDutySeverity)).toEqual(['info', 'warning', 'error', 'critical', 'warning']);
  });

  it('follows the case: trigger → (ack) → resolve, nothing for repeats, nothing for a late older event, trigger again on reopen', () => {
    const plain = lifeRunner(pagerDutyNotifier, config(), secrets);
    expect(plain.step(caseLife.created()).map((r) => body(r).event_action)).toEqual(['trigger']);
    expect(plain.step(caseLife.inProgress())).toEqual([]); // still open (no acknowledge configured)
    expect(plain.step(caseLife.taskCreated())).toEqual([]);
    const resolve = plain.step(caseLife.closed());
    expect(resolve.map((r) => body(r))).toEqual([{ routing_key: KEY, event_action: 'resolve', dedup_key: 'thehive:~41' }]);
    expect(plain.memory).toEqual({ state: 'closed', lastEventAt: caseLife.closed()._createdAt });
    expect(plain.step(caseLife.observableCreated())).toEqual([]); // older than the close: must not re-trigger
    expect(plain.step(caseLife.reopened()).map((r) => body(r).event_action)).toEqual(['trigger']);

    const acking = lifeRunner(pagerDutyNotifier, config({ acknowledge: true }), secrets);
    acking.step(caseLife.created());
    expect(acking.step(caseLife.inProgress()).map((r) => body(r))).toEqual([{ routing_key: KEY, event_action: 'acknowledge', dedup_key: 'thehive:~41' }]);
    expect(acking.step(caseLife.closed()).map((r) => body(r).event_action)).toEqual(['resolve']);
    // re-opened straight into "in progress": raise a new incident, then acknowledge it
    expect(acking.step(caseLife.reopened()).map((r) => body(r).event_action)).toEqual(['trigger', 'acknowledge']);
    expect(acking.memory).toEqual({ state: 'in-progress', lastEventAt: caseLife.reopened()._createdAt });
  });

  it('resolves an alert when it is imported, and a TheHive 4 case when it is resolved', () => {
    const alert = lifeRunner(pagerDutyNotifier, config(), secrets);
    expect(body(alert.step(alertLife.created())[0])).toMatchObject({ event_action: 'trigger', dedup_key: 'thehive:~900', payload: { severity: 'warning' } });
    expect(body(alert.step(alertLife.imported())[0])).toMatchObject({ event_action: 'resolve', dedup_key: 'thehive:~900' });
    const old = lifeRunner(pagerDutyNotifier, config(), secrets);
    expect(body(old.step(v4.caseCreated())[0])).toMatchObject({ event_action: 'trigger', dedup_key: 'thehive:~4104', payload: { severity: 'critical', summary: 'Case #12: Ransomware note on FS01 (CRITICAL)' } });
    expect(old.step(v4.taskCreated())).toEqual([]); // no case in a v4 child event: leave the incident as is
    expect(body(old.step(v4.caseResolved())[0])).toMatchObject({ event_action: 'resolve' });
  });

  it('cuts the summary at 1024 characters and takes a user template as the summary', () => {
    const long = caseLife.created();
    long.object!.title = 't'.repeat(3000);
    const summary = body(pagerDutyNotifier.render(long, config(), context(secrets))[0]).payload.summary;
    expect(summary).toHaveLength(1024);
    expect(summary.endsWith('… (truncated)')).toBe(true);
    const templated = pagerDutyNotifier.render(caseLife.created(), config({ template: '[{{severityLabel object.severity}}] {{object.title}}' }), context(secrets))[0];
    expect(body(templated).payload.summary).toBe('[HIGH] Phishing campaign against finance');
  });

  it('maps 202 delivered (remembering the state), 400 permanent, 429 with Retry-After, 5xx retry; never quotes the routing key', () => {
    const [request] = pagerDutyNotifier.render(caseLife.created(), config({ url: 'http://127.0.0.1:1/v2/enqueue' }), context(secrets));
    expect(request.url).toBe('http://127.0.0.1:1/v2/enqueue');
    expect(pagerDutyNotifier.outcome({ status: 202, headers: {}, body: '{"status":"success"}' }, request)).toEqual({ kind: 'delivered', remember: { state: 'open', lastEventAt: caseLife.created()._createdAt } });
    const bad = pagerDutyNotifier.outcome({ status: 400, headers: {}, body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: [`routing_key ${KEY} is invalid`] }) }, request);
    expect(bad).toMatchObject({ kind: 'permanent' });
    expect(JSON.stringify(bad)).toContain('Event object is invalid');
    expect(JSON.stringify(bad)).not.toContain(KEY);
    expect(pagerDutyNotifier.outcome({ status: 429, headers: { 'retry-after': '30' }, body: '' }, request)).toMatchObject({ kind: 'retry', afterSeconds: 30 });
    expect(pagerDutyNotifier.outcome({ status: 502, headers: {}, body: '' }, request)).toMatchObject({ kind: 'retry' });
  });

  it('requires the routing key as a secret', () => {
    const issues = pagerDutyNotifierSchema.safeParse({ name: 'pd', type: 'pagerduty', triggers: ['CaseCreated'], routingKey: 'inline-key' }).error?.issues;
    expect(issues?.[0].path).toEqual(['routingKey']);
  });
});
