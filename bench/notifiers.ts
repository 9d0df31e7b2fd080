/**
 * A realistic set of notifiers for the CPU bench: several types, varied triggers, filters in
 * both query-language forms, a user template and an organisation list. Parsed by the real
 * config schema, so defaults are applied exactly as at runtime. Every URL is loopback and
 * nothing is sent: the bench only renders.
 */
import { parseConfig } from '../shared/config/load.js';
import type { RelayConfig } from '../shared/config/schema.js';

export const benchSecrets: Record<string, string> = {
  INGEST_TOKEN: 'bench-ingest-token',
  SOC_WEBHOOK_URL: 'http://127.0.0.1:9/soc',
  SOC_WEBHOOK_SECRET: 'whsec_c2VjcmV0LWtleS1mb3ItYmVuY2g=',
  SLACK_HOOK: 'http://127.0.0.1:9/slack',
  TEAMS_URL: 'http://127.0.0.1:9/teams',
  MATTERMOST_URL: 'http://127.0.0.1:9/mattermost',
  PD_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000',
  SIGNL4_URL: 'http://127.0.0.1:9/signl4',
};

const socTemplate = `{
  "title": "{{object.title}}",
  "severity": "{{severityLabel object.severity}}",
  "kind": "{{audit.objectType}} {{audit.action}}",
  "organisation": "{{organisation}}",
  "link": "{{url}}",
  "tags": {{json object.tags}},
  "at": "{{dateFormat audit._createdAt "yyyy-MM-dd HH:mm:ss"}}"
}`;

export const cpuBenchConfig: RelayConfig = parseConfig(
  {
    thehive: { url: 'http://127.0.0.1:9000' },
    ingest: { auth: { type: 'bearer', token: { secret: 'INGEST_TOKEN' } } },
    notifiers: [
      {
        name: 'soc-webhook',
        type: 'webhook',
        triggers: ['CaseCreated', 'AlertCreated'],
        filter: { _gte: { _field: 'object.severity', _value: 2 } },
        url: { secret: 'SOC_WEBHOOK_URL' },
        signingSecret: { secret: 'SOC_WEBHOOK_SECRET' },
        template: socTemplate,
      },
      {
        name: 'siem-forward',
        type: 'webhook',
        triggers: ['AnyEvent'],
        url: 'http://127.0.0.1:9/siem',
        headers: { 'x-source': 'thehive' },
      },
      {
        name: 'slack-cases',
        type: 'slack',
        triggers: ['CaseCreated', 'CaseClosed', 'CaseAssigned', 'CaseReopened'],
        url: { secret: 'SLACK_HOOK' },
      },
      {
        name: 'teams-alerts',
        type: 'teams',
        triggers: ['AlertCreated', 'AlertClosed', 'AlertImported'],
        filter: { _not: { _in: { _field: 'object.tags', _values: ['test', 'noise'] } } },
        url: { secret: 'TEAMS_URL' },
      },
      {
        name: 'mattermost-tasks',
        type: 'mattermost',
        triggers: ['TaskCreated', 'TaskAssigned', 'TaskClosed', 'LogCreated'],
        url: { secret: 'MATTERMOST_URL' },
        template: '#{{object.title}} ({{audit.action}}) by {{audit._createdBy}}',
      },
      {
        name: 'oncall',
        type: 'pagerduty',
        triggers: ['CaseCreated', 'CaseClosed', 'CaseUpdated'],
        filter: { _and: [{ _gte: { 'object.severity': 3 } }, { _not: { _is: { 'object.flag': true } } }] },
        routingKey: { secret: 'PD_ROUTING_KEY' },
        url: 'http://127.0.0.1:9/pagerduty',
      },
      {
        name: 'acme-observables',
        type: 'signl4',
        triggers: ['FilteredEvent'],
        filter: {
          _or: [
            { _and: [{ _is: { objectType: 'Observable' } }, { _is: { action: 'create' } }] },
            { _like: { _field: 'object.title', _value: '*exfil*' } },
          ],
        },
        organisations: ['ACME-SOC', 'acme'],
        url: { secret: 'SIGNL4_URL' },
      },
    ],
  },
  'bench notifiers',
);
