import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elasticTranslator, severityFromRiskScore } from '../../../shared/functions/translators/elastic.js';
import type { TheHiveAction } from '../../../shared/functions/translator.js';
import { NOW, fixture, fnConfig } from './helpers.js';

const config = fnConfig({ type: 'elastic', alert: { type: 'EDR', source: 'Elastic', tags: ['elastic'] } });

function translate(payload: unknown) {
  const valid = elasticTranslator.validate(payload);
  if (!valid.ok) throw new Error(`${valid.field}: ${valid.message}`);
  return elasticTranslator.translate(valid.value, config, { now: NOW });
}

const alertOf = (action: TheHiveAction) => {
  if (action.kind !== 'createAlert') throw new Error(`expected createAlert, got ${action.kind}`);
  return action.alert;
};

describe('elastic translator', () => {
  it('turns a detection rule batch with flat, array-valued keys into a TheHive alert', () => {
    const actions = translate(fixture('elastic/context-alerts-flat.json'));
    expect(actions).toHaveLength(1);
    const alert = alertOf(actions[0]);
    expect(alert).toMatchObject({
      type: 'EDR',
      source: 'Elastic',
      sourceRef: '4f0d2c83d1f4c6f9b3e2e36a1d1d2c0b8a3c7e6f5d4c3b2a1908f7e6d5c4b3a2',
      title: 'Tor Activity to the Internet',
      severity: 2,
      date: Date.parse('2024-07-16T21:04:22.000Z'),
    });
    expect(alert.description).toMatch(/^network event with process java, source 192\.168\.1\.201:42202/);
    expect(alert.description).toContain('https://kibana.example.org/app/security/detections/rules/id/8c1bdde8');
    expect(alert.tags).toEqual(expect.arrayContaining(['elastic', 'mitre:TA0011', 'mitre:T1090', 'mitre:T1090.003', 'TOR', 'src-sev:medium']));
    expect(alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'ip', data: '192.168.1.201' }),
        expect.objectContaining({ dataType: 'ip', data: '185.220.101.4' }),
        expect.objectContaining({ dataType: 'ip', data: 'fe80::250:56ff:fe8b:1c2d' }),
        expect.objectContaining({ dataType: 'hostname', data: 'host-29-tokyo-prod-01' }),
        expect.objectContaining({ dataType: 'other', data: 'svc-app', tags: ['user'] }),
        expect.objectContaining({ dataType: 'filename', data: '/usr/lib/jvm/java-17-openjdk/bin/java' }),
      ]),
    );
    // source.ip and host.ip carry the same address: one observable
    expect(alert.observables!.filter((o) => o.data === '192.168.1.201')).toHaveLength(1);
  });

  it('turns the recommended body with nested documents into one alert per Elastic alert', () => {
    const actions = translate(fixture('elastic/recommended-body-nested.json'));
    expect(actions).toHaveLength(2);
    const [first, second] = actions.map(alertOf);
    expect(first).toMatchObject({
      sourceRef: 'a71f4e0c9b2d43d8a6e5f1c2b3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2',
      title: 'Suspicious PowerShell Download',
      severity: 3,
      date: Date.parse('2024-09-02T08:15:28.000Z'),
    });
    expect(first.tags).toEqual(expect.arrayContaining(['mitre:TA0002', 'mitre:T1059', 'mitre:T1059.001', 'mitre:TA0011', 'mitre:T1105', 'src-sev:high']));
    expect(first.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'hostname', data: 'WKS-0042' }),
        expect.objectContaining({ dataType: 'hostname', data: 'wks-0042' }),
        expect.objectContaining({ dataType: 'ip', data: '10.20.30.42' }),
        expect.objectContaining({ dataType: 'ip', data: '203.0.113.77' }),
        expect.objectContaining({ dataType: 'url', data: 'http://malicious.example.net/stage2.ps1' }),
        expect.objectContaining({ dataType: 'domain', data: 'malicious.example.net' }),
        expect.objectContaining({ dataType: 'hash', data: 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c' }),
        expect.objectContaining({ dataType: 'other', data: 'jdoe' }),
      ]),
    );
    expect(first.description).toContain('https://kibana.example.org/app/security/rules/id/0d3b4c51');
    // the second has no severity word: its risk score 99 is critical
    expect(second).toMatchObject({ sourceRef: 'b82a5f1d0c3e54e9b7f6a2d3c4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3', severity: 4 });
    expect(second.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'filename', data: 'stage2.ps1' }),
        expect.objectContaining({ dataType: 'hash', data: '9e107d9d372bb6826bd81d3542a419d6' }),
        expect.objectContaining({ dataType: 'domain', data: 'malicious.example.net' }),
      ]),
    );
  });

  // The fixtures below are the README's detection-rule body rendered as Kibana renders a webhook
  // body: mustache, with a JSON toString on every plain object (an array keeps mustache's
  // `a,b` join), over nested alert documents (Kibana expands dotted keys before rendering).
  it('the README recommends the body the Kibana-rendered batch fixture was made from', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme.includes('`{"context": {"alerts": [{{{context.alerts}}}]}}`')).toBe(true);
    expect(readme.includes('`{"context": {"alerts": {{{context.alerts}}}}}`')).toBe(false);
  });

  it('reads the README body as Kibana renders it for two alerts: one TheHive alert each', () => {
    const actions = translate(fixture('elastic/kibana-rendered-readme-body.json'));
    expect(actions.map(alertOf).map((a) => [a.sourceRef.slice(0, 8), a.title, a.severity])).toEqual([
      ['5d1c0b7a', 'Remote File Download via Certutil', 3],
      ['6e2d1c8b', 'Remote File Download via Certutil', 3],
    ]);
    expect(alertOf(actions[0]).tags).toEqual(expect.arrayContaining(['mitre:TA0011', 'mitre:T1105', 'Windows']));
    expect(alertOf(actions[1]).observables).toEqual(
      expect.arrayContaining([expect.objectContaining({ dataType: 'ip', data: '198.51.100.23' }), expect.objectContaining({ dataType: 'hostname', data: 'LAPTOP-9' })]),
    );
  });

  it('reads one alert rendered as an object under context.alerts or alerts (Kibana gives a lone alert no brackets)', () => {
    const payload = fixture('elastic/kibana-rendered-single-object.json') as { context: { alerts: Record<string, unknown> } };
    const expected = { sourceRef: '5d1c0b7a9e8f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b', title: 'Remote File Download via Certutil', severity: 3 };
    const [fromContext] = translate(payload);
    expect(alertOf(fromContext)).toMatchObject(expected);
    expect(alertOf(fromContext).observables).toEqual(expect.arrayContaining([expect.objectContaining({ dataType: 'url', data: 'http://files.example.net/a.bin' })]));
    expect(alertOf(translate({ alerts: payload.context.alerts })[0])).toMatchObject(expected);
    const lacking = { context: { alerts: { kibana: { alert: { rule: { name: 'R' } } } } } };
    expect(elasticTranslator.validate(lacking)).toMatchObject({ ok: false, field: 'context.alerts[0].kibana.alert.uuid' });
  });

  it('still reads summary actions under alerts.new / alerts.ongoing', () => {
    const doc = { 'kibana.alert.uuid': 'u-1', 'kibana.alert.rule.name': 'R' };
    const actions = translate({ alerts: { new: { count: 1, data: [doc] }, ongoing: { count: 0, data: [] }, recovered: { count: 0, data: [] } } });
    expect(actions.map(alertOf).map((a) => a.sourceRef)).toEqual(['u-1']);
  });

  it('reads a single alert document that mixes flat and nested keys', () => {
    const [action] = translate(fixture('elastic/single-alert-mixed.json'));
    const alert = alertOf(action);
    expect(alert).toMatchObject({ title: 'Potential Credential Access via LSASS Memory Dump', severity: 4, type: 'EDR' });
    expect(alert.description).toMatch(/^file event with process procdump64\.exe/);
    expect(alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'other', data: 'administrator' }),
        expect.objectContaining({ dataType: 'other', data: 'lsass' }),
        expect.objectContaining({ dataType: 'mail', data: 'attacker@phish.example.com' }),
        expect.objectContaining({ dataType: 'filename', data: 'lsass.dmp' }),
      ]),
    );
  });

  it('uses the translator defaults when the config sets no alert type or source', () => {
    const valid = elasticTranslator.validate(fixture('elastic/single-alert-mixed.json'));
    if (!valid.ok) throw new Error('invalid');
    const [action] = elasticTranslator.translate(valid.value, fnConfig({ type: 'elastic' }), { now: NOW });
    expect(alertOf(action)).toMatchObject({ type: 'elastic', source: 'Elastic Security' });
  });

  it('names the missing field of the alert that lacks it', () => {
    const payload = fixture('elastic/recommended-body-nested.json') as { alerts: Array<Record<string, unknown>> };
    delete payload.alerts[1]['kibana.alert.uuid'];
    expect(elasticTranslator.validate(payload)).toMatchObject({ ok: false, field: 'alerts[1].kibana.alert.uuid' });
    expect(elasticTranslator.validate({ context: { alerts: [{ 'kibana.alert.uuid': 'x' }] } })).toMatchObject({
      ok: false,
      field: 'context.alerts[0].kibana.alert.rule.name',
    });
    expect(elasticTranslator.validate('text')).toMatchObject({ ok: false, field: '(root)' });
    expect(elasticTranslator.validate({ context: { alerts: ['x'] } })).toMatchObject({ ok: false, field: 'context.alerts[0]' });
  });

  it('takes the rule name from the envelope when the documents lack it, and ignores an empty batch', () => {
    const valid = elasticTranslator.validate({ context: { rule: { name: 'From the envelope' }, alerts: [{ _id: 'abc' }] } });
    expect(valid).toMatchObject({ ok: true });
    if (!valid.ok) return;
    expect(alertOf(elasticTranslator.translate(valid.value, config, { now: NOW })[0])).toMatchObject({ title: 'From the envelope', sourceRef: 'abc', date: NOW });
    const empty = elasticTranslator.validate({ context: { alerts: [] } });
    if (!empty.ok) throw new Error('invalid');
    expect(elasticTranslator.translate(empty.value, config, { now: NOW })).toEqual([{ kind: 'ignore', reason: expect.any(String) }]);
  });

  it('maps risk scores on Elastic bands', () => {
    expect([0, 21, 22, 47, 48, 73, 74, 100].map(severityFromRiskScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
});
