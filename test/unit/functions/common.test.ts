import { describe, expect, it } from 'vitest';
import { ObservableSet, lookupAll, lookupString, severityFromScore, severityFromWord, toEpochMs } from '../../../shared/functions/translators/common.js';

describe('translator helpers', () => {
  it('finds values under flat dotted keys, nested objects, arrays and mixes of them', () => {
    const doc = {
      'a.b.c': ['flat'],
      a: { b: { c: 'nested' }, 'b.d': 'half' },
      list: [{ x: 1 }, { x: [2, 3] }, { x: 1 }],
      empty: '',
    };
    expect(lookupAll(doc, 'a.b.c')).toEqual(['flat', 'nested']);
    expect(lookupAll(doc, 'a.b.d')).toEqual(['half']);
    expect(lookupAll(doc, 'list.x')).toEqual([1, 2, 3]);
    expect(lookupAll(doc, 'empty')).toEqual([]);
    expect(lookupString(doc, 'missing', 'a.b.d')).toBe('half');
  });

  it('maps a 0–100 score to four quarters', () => {
    expect([-5, 0, 24, 25, 50, 75, 100, 140].map(severityFromScore)).toEqual([1, 1, 1, 2, 3, 4, 4, 4]);
  });

  it('reads severity words, and no severity from a word that names a built-in property', () => {
    expect(severityFromWord(' High ')).toBe(3);
    expect(severityFromWord('constructor')).toBeUndefined();
    expect(severityFromWord('toString')).toBeUndefined();
  });

  it('reads epoch seconds, epoch milliseconds and ISO dates with any offset form', () => {
    expect(toEpochMs(1700000000)).toBe(1700000000000);
    expect(toEpochMs('1700000000.5')).toBe(1700000000500);
    expect(toEpochMs(1700000000123)).toBe(1700000000123);
    expect(toEpochMs('2024-01-01T10:00:00.000+0200')).toBe(Date.parse('2024-01-01T08:00:00.000Z'));
    expect(toEpochMs('not a date')).toBeUndefined();
  });

  it('keeps one observable per type and value, and tells IPs from host names', () => {
    const set = new ObservableSet().add('ip', ['1.2.3.4', '1.2.3.4', '', '-']).addHost(['1.2.3.4', 'host-a', '::1']);
    expect(set.list()).toEqual([
      { dataType: 'ip', data: '1.2.3.4' },
      { dataType: 'hostname', data: 'host-a' },
      { dataType: 'ip', data: '::1' },
    ]);
  });
});

describe('bench entry point', () => {
  it('translates each built-in sample once per call', async () => {
    const { readFileSync } = await import('node:fs');
    const { translatorBench, translatorBenchSamples } = await import('../../../shared/functions/bench.js');
    for (const [type, sample] of Object.entries(translatorBenchSamples)) {
      const root = new URL('../../../', import.meta.url);
      const payload = readFileSync(new URL(sample.payload, root), 'utf8');
      const enrichment = sample.enrichment ? JSON.parse(readFileSync(new URL(sample.enrichment, root), 'utf8')) : undefined;
      const run = translatorBench(type as 'elastic', payload, enrichment);
      const actions = run();
      expect(actions.length, type).toBeGreaterThan(0);
      expect(actions.every((a) => a.kind === 'createAlert'), type).toBe(true);
    }
  });
});
