import { describe, expect, it } from 'vitest';
import { sekoiaTranslator, severityFromUrgency } from '../../../shared/functions/translators/sekoia.js';
import { TranslationError } from '../../../shared/functions/translator.js';
import { NOW, fixture, fnConfig } from './helpers.js';

const config = fnConfig({ type: 'sekoia', sekoia: { apiKey: { secret: 'SEKOIA_API_KEY' } } });

function valid(payload: unknown) {
  const result = sekoiaTranslator.validate(payload);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.value;
}

describe('sekoia translator', () => {
  it('asks for the alert from Sekoia.io alert API for an alert-created notification', () => {
    const notification = valid(fixture('sekoia/notification-alert-created.json'));
    expect(sekoiaTranslator.enrichment!(notification, config)).toEqual({
      what: 'Sekoia alert ALakbd8NXp9W',
      url: 'https://api.sekoia.io/v1/sic/alerts/af0a370f-2e44-433c-99b2-2d0e4b348d0c?stix=true',
      bearer: { secret: 'SEKOIA_API_KEY' },
    });
    const custom = fnConfig({ type: 'sekoia', sekoia: { url: 'https://app.sekoia.io/api/', apiKey: { secret: 'K' } } });
    expect(sekoiaTranslator.enrichment!(notification, custom)?.url).toBe('https://app.sekoia.io/api/v1/sic/alerts/af0a370f-2e44-433c-99b2-2d0e4b348d0c?stix=true');
  });

  it('turns the notification plus the alert API answer into a TheHive alert', () => {
    const notification = valid(fixture('sekoia/notification-alert-created.json'));
    const [action] = sekoiaTranslator.translate(notification, config, { now: NOW, enrichment: fixture('sekoia/alert-api-answer.json') });
    if (action.kind !== 'createAlert') throw new Error(action.kind);
    expect(action.alert).toMatchObject({
      type: 'sekoia',
      source: 'Sekoia.io',
      sourceRef: 'af0a370f-2e44-433c-99b2-2d0e4b348d0c',
      title: 'RAT traffic from 10.227.10.91',
      // urgency.current_value 81 (dynamic) wins over urgency.value 47
      severity: 4,
      date: 1567755120 * 1000,
    });
    expect(action.alert.description).toMatch(/^Traffic from 10\.227\.10\.91 to a known RAT/);
    expect(action.alert.description).toContain('https://app.sekoia.io/operations/alerts/ALakbd8NXp9W');
    expect(action.alert.tags).toEqual(
      expect.arrayContaining(['sekoia:ALakbd8NXp9W', 'malicious-traffic:rat-traffic', 'entity:Head office', 'src-sev:urgency-81']),
    );
    expect(action.alert.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'ip', data: '10.227.10.91' }),
        expect.objectContaining({ dataType: 'ip', data: '192.0.0.241' }),
        expect.objectContaining({ dataType: 'domain', data: 'c2.rat-example.net' }),
        expect.objectContaining({ dataType: 'url', data: 'http://c2.rat-example.net/gate.php' }),
        expect.objectContaining({ dataType: 'hash', data: '5d41402abc4b2a76b9719d911017c592' }),
        expect.objectContaining({ dataType: 'hash', data: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' }),
        expect.objectContaining({ dataType: 'filename', data: 'svchost32.exe' }),
        expect.objectContaining({ dataType: 'other', data: 'jsmith', tags: ['user'] }),
      ]),
    );
    // 192.0.0.241 is both the target and a STIX ipv4-addr: one observable
    expect(action.alert.observables!.filter((o) => o.data === '192.0.0.241')).toHaveLength(1);
  });

  it('maps urgency 0–100 to severity 1–4 in quarters, 100 included', () => {
    const values = [0, 24, 25, 49, 50, 74, 75, 100];
    expect(values.map((value) => severityFromUrgency({ current_value: value }).severity)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(severityFromUrgency({ value: 60 }).severity).toBe(3);
    expect(severityFromUrgency(30).severity).toBe(2);
    expect(severityFromUrgency(undefined).severity).toBe(2);
  });

  it('ignores notifications that create no alert, without asking the API', () => {
    const updated = valid(fixture('sekoia/notification-alert-updated.json'));
    expect(sekoiaTranslator.enrichment!(updated, config)).toBeUndefined();
    expect(sekoiaTranslator.translate(updated, config, { now: NOW })).toEqual([{ kind: 'ignore', reason: expect.stringContaining('"updated"') }]);
  });

  it('refuses to translate without the alert, or with the answer for another alert', () => {
    const notification = valid(fixture('sekoia/notification-alert-created.json'));
    expect(() => sekoiaTranslator.translate(notification, config, { now: NOW })).toThrow(TranslationError);
    const other = { ...(fixture('sekoia/alert-api-answer.json') as object), uuid: '00000000-0000-0000-0000-000000000000' };
    expect(() => sekoiaTranslator.translate(notification, config, { now: NOW, enrichment: other })).toThrow(/enrichment\.uuid/);
  });

  it('names the missing field', () => {
    const notification = fixture('sekoia/notification-alert-created.json') as { attributes: Record<string, unknown> };
    delete notification.attributes.uuid;
    expect(sekoiaTranslator.validate(notification)).toMatchObject({ ok: false, field: 'attributes.uuid' });
    expect(sekoiaTranslator.validate({ action: 'created', attributes: {}, metadata: {} })).toMatchObject({ ok: false, field: 'type' });
    expect(sekoiaTranslator.validate([])).toMatchObject({ ok: false, field: '(root)' });
  });
});
