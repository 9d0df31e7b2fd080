import { describe, expect, it } from 'vitest';
import { splunkSourceRef, splunkTranslator } from '../../../shared/functions/translators/splunk.js';
import { NOW, fixture, fnConfig } from './helpers.js';

function translate(payload: unknown, config = fnConfig({ type: 'splunk' })) {
  const valid = splunkTranslator.validate(payload);
  if (!valid.ok) throw new Error(`${valid.field}: ${valid.message}`);
  const [action] = splunkTranslator.translate(valid.value, config, { now: NOW });
  if (action.kind !== 'createAlert') throw new Error(action.kind);
  return action.alert;
}

describe('splunk translator', () => {
  it('turns the webhook alert action body into a TheHive alert', () => {
    const payload = fixture('splunk/webhook.json') as { sid: string };
    const alert = translate(payload);
    expect(alert).toMatchObject({
      type: 'splunk',
      source: 'Splunk',
      title: 'SSH brute force on Linux hosts',
      // no severity in the body, none configured: MEDIUM
      severity: 2,
      date: 1700000000 * 1000,
    });
    expect(alert.sourceRef).toMatch(new RegExp(`^${payload.sid}:[0-9a-f]{16}$`));
    expect(alert.description).toContain('https://splunk.example.org:8000/app/search/@go?sid=');
    expect(alert.description).toContain('Failed password for admin from 198.51.100.23');
    expect(alert.tags).toContain('splunk-app:search');
    expect(alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'ip', data: '198.51.100.23' }),
        expect.objectContaining({ dataType: 'ip', data: '10.0.5.12' }),
        expect.objectContaining({ dataType: 'hostname', data: 'web-01.corp.example.org' }),
        expect.objectContaining({ dataType: 'other', data: 'admin', tags: ['user'] }),
      ]),
    );
  });

  it('reads the urgency of an Enterprise Security notable and names the alert after its rule', () => {
    const alert = translate(fixture('splunk/es-notable.json'));
    expect(alert).toMatchObject({ title: 'Excessive Failed Logins', severity: 4, date: Date.parse('2024-03-05T10:11:12.000Z') });
    expect(alert.tags).toContain('src-sev:critical');
    expect(alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'ip', data: '203.0.113.9' }),
        expect.objectContaining({ dataType: 'hostname', data: 'vpn-gw-02' }),
        expect.objectContaining({ dataType: 'other', data: 'm.martin' }),
        expect.objectContaining({ dataType: 'url', data: 'https://vpn.example.org/login' }),
        expect.objectContaining({ dataType: 'hash', data: '44d88612fea8a8f36de82e1278abb02f' }),
      ]),
    );
  });

  it('types CIM src and dest by value (host names are hostname, addresses ip) and keeps a SQL query out of domain', () => {
    const alert = translate(fixture('splunk/cim-host-names.json'));
    const typed = alert.observables!.map((o) => [o.dataType, o.data]);
    expect(typed).toEqual(
      expect.arrayContaining([
        ['hostname', 'ws-0142.corp.example.org'],
        ['hostname', 'sql-prod-01'],
        ['ip', '2001:db8::15'],
        ['other', 'SELECT name, ssn FROM customers WHERE 1=1'],
      ]),
    );
    expect(typed.filter(([type]) => type === 'domain')).toEqual([]);
    expect(typed.filter(([, data]) => data === 'ws-0142.corp.example.org' || data === 'sql-prod-01')).toHaveLength(2);
    expect(alert.observables!.find((o) => o.data.startsWith('SELECT'))?.tags).toEqual(['query']);
    // an address in src or dest stays an ip
    expect(translate(fixture('splunk/webhook.json')).observables).toEqual(expect.arrayContaining([expect.objectContaining({ dataType: 'ip', data: '10.0.5.12', message: 'dest' })]));
  });

  it('takes the configured severity when the row has none', () => {
    expect(translate(fixture('splunk/webhook.json'), fnConfig({ type: 'splunk', alert: { severity: 3 } })).severity).toBe(3);
  });

  it('gives rows of one search distinct sourceRefs, and equal rows the same', () => {
    const a = splunkSourceRef({ sid: 's1', result: { host: 'a', user: 'x' } });
    expect(splunkSourceRef({ sid: 's1', result: { user: 'x', host: 'a' } })).toBe(a);
    expect(splunkSourceRef({ sid: 's1', result: { host: 'b', user: 'x' } })).not.toBe(a);
    expect(splunkSourceRef({ sid: 'x'.repeat(300), result: {} }).length).toBeLessThanOrEqual(128);
  });

  it('names the missing field', () => {
    expect(splunkTranslator.validate({ result: {} })).toMatchObject({ ok: false, field: 'sid' });
    expect(splunkTranslator.validate({ sid: 'x' })).toMatchObject({ ok: false, field: 'result' });
    expect(splunkTranslator.validate({ sid: 'x', result: {}, search_name: 3 })).toMatchObject({ ok: false, field: 'search_name' });
  });
});
