/**
 * Ready-to-paste TheHive settings for the stack outputs. They name the secret to paste,
 * never its value (the CDK app never sees secret values).
 */
import type { InboundAuth } from '../shared/config/inbound-auth.js';

export const THEHIVE_ENDPOINT_NAME = 'hive-relay';

const paste = (secret: string) => `<paste the ${secret}>`;

/**
 * The `auth` line of a TheHive 4 webhook endpoint. TheHive 4 knows only the types bearer, basic
 * and key (`Authorization: <key>` as is) and refuses any other `type` when it reads its config,
 * so no authentication is written as no `auth` key at all.
 */
function theHive4AuthLine(auth: InboundAuth): string {
  switch (auth.type) {
    case 'bearer':
      return `auth: { type: "bearer", key: "${paste(auth.token.secret)}" }`;
    case 'basic':
      return `auth: { type: "basic", username: "${auth.username}", password: "${paste(auth.password.secret)}" }`;
    case 'header':
      return auth.name.toLowerCase() === 'authorization'
        ? `auth: { type: "key", key: "${paste(auth.token.secret)}" }`
        : `# no auth: TheHive 4 cannot send a "${auth.name}" header; use ingest.auth type bearer or basic`;
    case 'none':
      return '# no auth (ingest.auth type none)';
  }
}

/** The `notification.webhook.endpoints` block of TheHive 4's application.conf. */
export function theHive4WebhookConfig(webhookUrl: string, auth: InboundAuth): string {
  return [
    'notification.webhook.endpoints = [',
    '  {',
    `    name: ${THEHIVE_ENDPOINT_NAME}`,
    `    url: "${webhookUrl}"`,
    '    version: 0',
    '    wsConfig: {}',
    `    ${theHive4AuthLine(auth)}`,
    '    includedTheHiveOrganisations: ["*"]',
    '    excludedTheHiveOrganisations: []',
    '  }',
    ']',
  ].join('\n');
}

/** What to enter in TheHive 5's webhook endpoint form (Platform management or Organisation > Endpoints). */
export function theHive5WebhookSettings(webhookUrl: string, auth: InboundAuth): string {
  const [authText, header] = ((): [string, string] => {
    switch (auth.type) {
      case 'bearer':
        return [`Authentication: Bearer, token ${paste(auth.token.secret)}`, `Authorization: Bearer ${paste(auth.token.secret)}`];
      case 'basic':
        return [
          `Authentication: Basic, username ${auth.username}, password ${paste(auth.password.secret)}`,
          `Authorization: Basic base64(${auth.username}:${paste(auth.password.secret)})`,
        ];
      case 'header':
        return auth.name.toLowerCase() === 'authorization'
          ? [`Authentication: Key, key ${paste(auth.token.secret)}`, `Authorization: ${paste(auth.token.secret)}`]
          : [
              `Authentication: none; use an HttpRequest notifier with a custom header instead of a Webhook endpoint`,
              `${auth.name}: ${paste(auth.token.secret)}`,
            ];
      case 'none':
        return ['Authentication: none', '(none)'];
    }
  })();
  return [
    `Endpoint type: Webhook; Name: ${THEHIVE_ENDPOINT_NAME}; URL: ${webhookUrl}; Version: 0`,
    authText,
    `Header the relay checks: ${header}`,
    'Then add a Notification (trigger AnyEvent, or the triggers you use) with notifier Webhook and this endpoint.',
  ].join('\n');
}

/** TheHive 4 also needs each organisation to turn the endpoint on (shown as a curl line). */
export function theHive4ActivationHint(): string {
  return (
    `curl -XPUT -H "Authorization: Bearer <TheHive admin API key>" -H "Content-Type: application/json" ` +
    `<TheHive URL>/api/config/organisation/notification -d '{"value":[{"delegate":false,"trigger":{"name":"AnyEvent"},` +
    `"notifier":{"name":"webhook","endpoint":"${THEHIVE_ENDPOINT_NAME}"}}]}'`
  );
}
