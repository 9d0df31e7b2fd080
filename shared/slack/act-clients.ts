/**
 * The clients a Slack action needs (Slack Web API, TheHive), built from the config and its
 * secrets for each record of the actions queue: the resolver caches the secrets.
 */
import type { RelayConfig } from '../config/schema.js';
import type { HttpClient, SecretResolver } from '../ports.js';
import { TheHiveClient } from '../thehive/client.js';
import { TheHiveError } from '../thehive/errors.js';
import type { CaseApi } from './act.js';
import type { ActClients } from './act-queue.js';
import { createSlackWebApi } from './client.js';

/** Without `thehive:` every action fails for good: parked with this reason. */
const unconfigured: CaseApi = new Proxy({} as CaseApi, {
  get: () => async () => {
    throw new TheHiveError('configuration', 'thehive: the config has no `thehive:` section (url, apiKey) to act on cases');
  },
});

/** `connect` for handleActRecord: resolves the bot token and TheHive's API key, builds the clients. */
export function actClientsConnector(
  slack: NonNullable<RelayConfig['slack']>,
  thehive: RelayConfig['thehive'],
  deps: { secrets: SecretResolver; http: HttpClient },
): () => Promise<ActClients> {
  return async () => {
    const [botToken, apiKey] = await Promise.all([
      deps.secrets.get(slack.botToken),
      thehive?.apiKey ? deps.secrets.get(thehive.apiKey) : Promise.resolve(''),
    ]);
    return {
      slack: createSlackWebApi({ http: deps.http, apiUrl: slack.apiUrl, botToken }),
      thehive: thehive ? new TheHiveClient({ url: thehive.url, apiKey, organisation: thehive.organisation, http: deps.http }) : unconfigured,
    };
  };
}
