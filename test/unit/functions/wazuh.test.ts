import { describe, expect, it } from 'vitest';
import { severityFromLevel, wazuhTranslator } from '../../../shared/functions/translators/wazuh.js';
import { NOW, fixture, fnConfig } from './helpers.js';

function translate(payload: unknown) {
  const valid = wazuhTranslator.validate(payload);
  if (!valid.ok) throw new Error(`${valid.field}: ${valid.message}`);
  const [action] = wazuhTranslator.translate(valid.value, fnConfig({ type: 'wazuh', alert: { tags: ['wazuh'], tlp: 2 } }), { now: NOW });
  if (action.kind !== 'createAlert') throw new Error(action.kind);
  return action.alert;
}

describe('wazuh translator', () => {
  it('turns an sshd brute-force alert into a TheHive alert', () => {
    const alert = translate(fixture('wazuh/sshd-bruteforce.json'));
    expect(alert).toMatchObject({
      type: 'wazuh',
      source: 'Wazuh',
      sourceRef: 'wazuh-manager-01:1704103200.1234567',
      title: 'sshd: brute force trying to get access to the system. Authentication failed.',
      severity: 2,
      tlp: 2,
      date: Date.parse('2024-01-01T10:00:00.000Z'),
    });
    expect(alert.description).toContain('Failed password for invalid user oracle from 45.155.205.233');
    expect(alert.description).toContain('ubuntu-web-03 (003, 10.0.2.15)');
    expect(alert.tags).toEqual(
      expect.arrayContaining(['wazuh', 'wazuh-level:10', 'wazuh-rule:5763', 'sshd', 'authentication_failures', 'mitre:T1110', 'mitre-tactic:Credential Access', 'agent:ubuntu-web-03']),
    );
    expect(alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'ip', data: '45.155.205.233' }),
        expect.objectContaining({ dataType: 'ip', data: '10.0.2.15' }),
        expect.objectContaining({ dataType: 'hostname', data: 'ubuntu-web-03' }),
        expect.objectContaining({ dataType: 'other', data: 'oracle', tags: ['user'] }),
      ]),
    );
    expect(alert.observables!.filter((o) => o.data === 'ubuntu-web-03')).toHaveLength(1);
  });

  it('turns a file integrity alert of level 15 into a critical alert with the hashes', () => {
    const alert = translate(fixture('wazuh/syscheck-modified.json'));
    expect(alert).toMatchObject({ severity: 4, sourceRef: 'wazuh-manager-01:1707752710.98765', date: Date.parse('2024-02-12T15:45:10.321Z') });
    expect(alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'hash', data: '3b5d5c3712955042212316173ccf37be' }),
        expect.objectContaining({ dataType: 'hash', data: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' }),
        expect.objectContaining({ dataType: 'hash', data: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }),
        expect.objectContaining({ dataType: 'filename', data: '/usr/bin/passwd' }),
      ]),
    );
    // md5_before is the old content, not an observable
    expect(alert.observables!.some((o) => o.data === 'd41d8cd98f00b204e9800998ecf8427e')).toBe(false);
  });

  it('maps rule levels to severity bands', () => {
    expect([0, 6, 7, 11, 12, 14, 15, 16].map(severityFromLevel)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('names the missing or wrong field', () => {
    const alert = fixture('wazuh/sshd-bruteforce.json') as Record<string, any>;
    expect(wazuhTranslator.validate({ ...alert, id: undefined })).toMatchObject({ ok: false, field: 'id' });
    expect(wazuhTranslator.validate({ ...alert, rule: { ...alert.rule, level: 42 } })).toMatchObject({ ok: false, field: 'rule.level' });
    expect(wazuhTranslator.validate({ ...alert, rule: { level: 3 } })).toMatchObject({ ok: false, field: 'rule.description' });
    expect(wazuhTranslator.validate({ ...alert, rule: { ...alert.rule, level: '12' } })).toMatchObject({ ok: true });
  });
});
