import { describe, expect, it } from 'vitest';
import { createAlertAction, type TranslatedAlert } from '../../../shared/functions/translators/alert-action.js';
import { fnConfig } from './helpers.js';

const translated = (over: Partial<TranslatedAlert> = {}): TranslatedAlert => ({
  sourceRef: 'ref-1',
  title: 'Rule fired',
  description: 'what happened',
  severity: 3,
  date: 1_700_000_000_000,
  tags: ['from-source'],
  observables: [{ dataType: 'ip', data: '198.51.100.7' }],
  ...over,
});

describe('createAlertAction', () => {
  it('names the source with the translator defaults and keeps the translated fields', () => {
    const action = createAlertAction(fnConfig({ type: 'wazuh' }), { type: 'wazuh', source: 'Wazuh' }, translated());
    expect(action).toEqual({
      kind: 'createAlert',
      alert: {
        type: 'wazuh',
        source: 'Wazuh',
        sourceRef: 'ref-1',
        title: 'Rule fired',
        description: 'what happened',
        severity: 3,
        date: 1_700_000_000_000,
        tags: ['from-source'],
        observables: [{ dataType: 'ip', data: '198.51.100.7' }],
      },
    });
  });

  it('lets the function config override type and source, and adds its tlp, pap, case template and tags first', () => {
    const config = fnConfig({ type: 'wazuh', alert: { type: 'hids', source: 'SOC Wazuh', tlp: 3, pap: 1, caseTemplate: 'intrusion', tags: ['soc', 'from-source'] } });
    const { alert } = createAlertAction(config, { type: 'wazuh', source: 'Wazuh' }, translated({ tags: ['from-source', 'other'] }));
    expect(alert).toMatchObject({ type: 'hids', source: 'SOC Wazuh', tlp: 3, pap: 1, caseTemplate: 'intrusion' });
    expect(alert.tags).toEqual(['soc', 'from-source', 'other']);
  });

  it('leaves out tlp, pap and case template the config does not set', () => {
    const { alert } = createAlertAction(fnConfig({ type: 'splunk' }), { type: 'splunk', source: 'Splunk' }, translated());
    expect(alert).not.toHaveProperty('tlp');
    expect(alert).not.toHaveProperty('pap');
    expect(alert).not.toHaveProperty('caseTemplate');
  });

  it('cuts sourceRef, title and each tag to TheHive limits, trims tags and drops empty ones', () => {
    const { alert } = createAlertAction(
      fnConfig({ type: 'elastic' }),
      { type: 'elastic', source: 'Elastic Security' },
      translated({ sourceRef: 'r'.repeat(200), title: 't'.repeat(600), tags: ['  spaced  ', 'spaced', '', '   ', undefined, 'g'.repeat(200)] }),
    );
    expect(alert.sourceRef).toHaveLength(128);
    expect(alert.sourceRef.endsWith('…')).toBe(true);
    expect(alert.title).toHaveLength(512);
    expect(alert.tags).toEqual(['spaced', `${'g'.repeat(127)}…`]);
  });

  it('cuts the description to TheHive\'s 1 048 576 characters with the same marker, and keeps one at the limit', () => {
    const make = (length: number) =>
      createAlertAction(fnConfig({ type: 'splunk' }), { type: 'splunk', source: 'Splunk' }, translated({ description: 'd'.repeat(length) })).alert.description;
    const long = make(1_048_576 + 5_000);
    expect(long).toHaveLength(1_048_576);
    expect(long.endsWith('d…')).toBe(true);
    expect(make(1_048_576)).toBe('d'.repeat(1_048_576));
  });
});
