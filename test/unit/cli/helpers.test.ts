import { describe, expect, it } from 'vitest';
import { SecretPlaceholders } from '../../../cli/secret-placeholders.js';
import { functionAuthHeaders } from '../../../cli/function-auth.js';
import { formatTable } from '../../../cli/table.js';
import { LocalSecretResolver } from '../../../shared/adapters/secrets-local.js';
import { urlValue, joinUrl } from '../../../shared/notifiers/values.js';

describe('secret stand-ins of hive-relay route', () => {
  it('pass a notifier’s URL check and come back as «secret:NAME», plain or URL-encoded', () => {
    const secrets = new SecretPlaceholders();
    const ctx = { secret: secrets.secret, now: 0 };
    const url = urlValue({ secret: 'MM_URL' }, ctx, 'url');
    const token = secrets.secret({ secret: 'API_TOKEN' });
    expect(secrets.secret('MM_URL')).toBe(url);
    expect(secrets.reveal(joinUrl(url, '/hooks/x'))).toBe('«secret:MM_URL»/hooks/x');
    expect(secrets.reveal(`?token=${encodeURIComponent(token)}`)).toBe('?token=«secret:API_TOKEN»');
    expect(secrets.revealDeep({ headers: { authorization: `Bearer ${token}` }, list: [url, 3] })).toEqual({
      headers: { authorization: 'Bearer «secret:API_TOKEN»' },
      list: ['«secret:MM_URL»', 3],
    });
  });
});

describe('a function’s credentials as the CLI sends them', () => {
  const secrets = new LocalSecretResolver({ env: { FN_TOKEN: 's3cret' }, file: undefined, cwd: '/nonexistent' });

  it('builds bearer, basic and header credentials from the secrets', async () => {
    expect(await functionAuthHeaders('a', { type: 'bearer', token: { secret: 'FN_TOKEN' } }, secrets)).toEqual({ authorization: 'Bearer s3cret' });
    expect(await functionAuthHeaders('a', { type: 'basic', username: 'splunk', password: { secret: 'FN_TOKEN' } }, secrets)).toEqual({
      authorization: `Basic ${Buffer.from('splunk:s3cret').toString('base64')}`,
    });
    expect(await functionAuthHeaders('a', { type: 'header', name: 'X-Relay-Token', token: { secret: 'FN_TOKEN' } }, secrets)).toEqual({ 'x-relay-token': 's3cret' });
    expect(await functionAuthHeaders('a', { type: 'none' }, secrets)).toEqual({});
  });

  it('names the missing secret, never a value', async () => {
    await expect(functionAuthHeaders('elastic', { type: 'bearer', token: { secret: 'ELASTIC_FN_TOKEN' } }, secrets)).rejects.toThrow(
      /^function elastic: its credentials are needed to call the relay: secret ELASTIC_FN_TOKEN not found/,
    );
  });
});

describe('terminal tables', () => {
  it('pads columns, flattens and cuts long cells', () => {
    const text = formatTable(['ID', 'REASON', 'N'], [['a', `line one\nline two ${'x'.repeat(100)}`, '1'], ['bbbb', 'short', '22']], 20);
    expect(text.split('\n')).toEqual(['ID    REASON                N', 'a     line one line two x…  1', 'bbbb  short                 22']);
  });
});
