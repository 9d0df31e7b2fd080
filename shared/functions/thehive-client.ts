/** The TheHive client a function writes with, from `thehive:` in the config. */
import { TheHiveClient } from '../thehive/client.js';
import type { FunctionsDeps } from './deps.js';
import { RunFailure } from './failure.js';

export async function theHiveClientFor(deps: Pick<FunctionsDeps, 'thehive' | 'secrets' | 'http'>): Promise<TheHiveClient> {
  const settings = deps.thehive;
  if (!settings?.url || !settings.apiKey) {
    throw new RunFailure('configuration', 'thehive.url and thehive.apiKey are required to create alerts', false);
  }
  if (settings.version === 3) {
    throw new RunFailure('configuration', 'functions speak TheHive\'s /api/v1 (TheHive 4 and 5); thehive.version is 3', false);
  }
  const apiKey = await deps.secrets.get(settings.apiKey);
  return new TheHiveClient({ url: settings.url, apiKey, organisation: settings.organisation, http: deps.http, version: settings.version === 4 ? 4 : 5 });
}
