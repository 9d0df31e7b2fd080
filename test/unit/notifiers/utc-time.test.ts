import { describe, expect, it } from 'vitest';
import { normalise } from '../../../shared/events/normalise.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import { isoTime, utcMinute } from '../../../shared/notifiers/utc-time.js';
import { emailNotifier } from '../../../shared/notifiers/email.js';
import { mattermostNotifier } from '../../../shared/notifiers/mattermost.js';
import { pagerDutyNotifier } from '../../../shared/notifiers/pagerduty.js';
import { signl4Notifier } from '../../../shared/notifiers/signl4.js';
import { teamsNotifier } from '../../../shared/notifiers/teams.js';
import { emailNotifierSchema, type EmailNotifierConfig } from '../../../shared/notifiers/schemas/email.js';
import { mattermostNotifierSchema, type MattermostNotifierConfig } from '../../../shared/notifiers/schemas/mattermost.js';
import { pagerDutyNotifierSchema, type PagerDutyNotifierConfig } from '../../../shared/notifiers/schemas/pagerduty.js';
import { signl4NotifierSchema, type Signl4NotifierConfig } from '../../../shared/notifiers/schemas/signl4.js';
import { teamsNotifierSchema, type TeamsNotifierConfig } from '../../../shared/notifiers/schemas/teams.js';
import { caseLife, context } from './fixtures.js';

describe('utc-time', () => {
  it('writes what toISOString writes, inside and outside years 0–9999', () => {
    for (const ms of [0, Date.UTC(2025, 0, 15, 12, 0, 0, 7), Date.UTC(-5, 0, 1), 8.64e15, -8.64e15]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    expect(utcMinute(Date.UTC(2025, 0, 15, 12, 0, 59))).toBe('2025-01-15 12:00 UTC');
    expect(utcMinute(8.64e15)).toBe('+275760-09-13 00:00 UTC');
    expect(utcMinute(Date.UTC(-5, 0, 1, 23, 59))).toBe('-000005-01-01 23:59 UTC');
  });

  it('writes a time no Date can hold as the raw value instead of throwing', () => {
    for (const ms of [1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      expect(isoTime(ms)).toBe(String(ms));
      expect(utcMinute(ms)).toBe(String(ms));
    }
  });
});

describe('a notifier never fails over an out-of-range time', () => {
  const secrets = { HOOK: 'https://chat.example.org/hooks/abc', KEY: 'R0UT1NGKEY0123456789abcdefabcdef' };
  const base = { name: 'n', triggers: ['AnyEvent'] };
  const notifiers = [
    ['mattermost', () => mattermostNotifier.render.bind(mattermostNotifier), mattermostNotifierSchema.parse({ ...base, type: 'mattermost', url: { secret: 'HOOK' } }) as MattermostNotifierConfig],
    ['teams', () => teamsNotifier.render.bind(teamsNotifier), teamsNotifierSchema.parse({ ...base, type: 'teams', url: { secret: 'HOOK' } }) as TeamsNotifierConfig],
    ['email', () => emailNotifier.render.bind(emailNotifier), emailNotifierSchema.parse({ ...base, type: 'email', from: 'soc@example.org', to: ['oncall@example.org'] }) as EmailNotifierConfig],
    ['pagerduty', () => pagerDutyNotifier.render.bind(pagerDutyNotifier), pagerDutyNotifierSchema.parse({ ...base, type: 'pagerduty', routingKey: { secret: 'KEY' } }) as PagerDutyNotifierConfig],
    ['signl4', () => signl4Notifier.render.bind(signl4Notifier), signl4NotifierSchema.parse({ ...base, type: 'signl4', url: { secret: 'HOOK' } }) as Signl4NotifierConfig],
  ] as const;

  // the audit repro: accepted, then parked in the DLQ with "render: Invalid time value"
  const normalised = (): RelayEvent => {
    const result = normalise({ operation: 'Creation', objectType: 'case', objectId: 'h', startDate: 1e300, object: { id: 'h', title: 'x' } });
    if (!result.ok) throw new Error(result.message);
    return result.event;
  };

  it.each(notifiers)('%s renders the event of a body dated 1e300', (_name, render, config) => {
    const event = normalised();
    expect(event._createdAt).toBe(0);
    const requests = (render() as (e: RelayEvent, c: unknown, x: unknown) => unknown[])(event, config, context(secrets));
    expect(requests.length).toBeGreaterThan(0);
  });

  it.each(notifiers)('%s renders an event whose time no Date can hold', (_name, render, config) => {
    const event = { ...caseLife.created(), _createdAt: 1e300 };
    const requests = (render() as (e: RelayEvent, c: unknown, x: unknown) => unknown[])(event, config, context(secrets));
    expect(requests.length).toBeGreaterThan(0);
  });
});
