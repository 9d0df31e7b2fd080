import { describe, expect, it } from 'vitest';
import { papLabel, severityLabel, tlpLabel } from '../../../shared/events/labels.js';

describe('labels', () => {
  it('names severities', () => {
    expect([1, 2, 3, 4].map((n) => severityLabel(n))).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    expect(severityLabel(9)).toBeUndefined();
    expect(severityLabel('3')).toBe('HIGH');
    expect(severityLabel('high')).toBeUndefined();
  });

  it('names TLP by version: 3 is RED up to TheHive 4, AMBER+STRICT in 5', () => {
    expect([0, 1, 2, 3].map((n) => tlpLabel(n, 3))).toEqual(['WHITE', 'GREEN', 'AMBER', 'RED']);
    expect([0, 1, 2, 3].map((n) => tlpLabel(n, 4))).toEqual(['WHITE', 'GREEN', 'AMBER', 'RED']);
    expect([0, 1, 2, 3, 4].map((n) => tlpLabel(n, 5))).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(tlpLabel(4, 4)).toBeUndefined();
    expect(tlpLabel(3)).toBe('AMBER+STRICT');
  });

  it('names PAP by version', () => {
    expect([0, 1, 2, 3].map((n) => papLabel(n, 4))).toEqual(['WHITE', 'GREEN', 'AMBER', 'RED']);
    expect([0, 1, 2, 3].map((n) => papLabel(n, 5))).toEqual(['CLEAR', 'GREEN', 'AMBER', 'RED']);
    expect(papLabel(null)).toBeUndefined();
  });
});
