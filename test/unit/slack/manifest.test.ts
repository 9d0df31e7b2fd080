import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../../slack/manifest.yaml', import.meta.url), 'utf8'));

/** Bot scopes the relay's Slack calls need (Slack's method docs). */
const neededScopes: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'users.info': 'users:read',
  'users.info (email)': 'users:read.email',
  'usergroups.users.list': 'usergroups:read',
};

describe('Slack app manifest', () => {
  it('asks for every bot scope the relay uses, and no user scopes', () => {
    for (const [method, scope] of Object.entries(neededScopes)) expect(manifest.oauth_config.scopes.bot, method).toContain(scope);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('turns interactivity on with a request URL to fill from the SlackInteractivityUrl output', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const url = new URL(manifest.settings.interactivity.request_url);
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe('/slack/interactions');
    expect(url.hostname).toContain('SlackInteractivityUrl'.toLowerCase());
  });

  it('has a bot user, as chat.postMessage with a bot token needs', () => {
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
