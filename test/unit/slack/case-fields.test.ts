import { describe, expect, it } from 'vitest';
import { isStatusName, levelLabel, parseLevel } from '../../../shared/slack/case-fields.js';
import { parseCaseRef } from '../../../shared/slack/act-message.js';

describe('case field values from Slack selects', () => {
  it('reads severity as a number or a label', () => {
    expect(parseLevel('severity', '3', 5)).toBe(3);
    expect(parseLevel('severity', 'critical', 4)).toBe(4);
    expect(parseLevel('severity', '0', 5)).toBeUndefined();
    expect(parseLevel('severity', '5', 5)).toBeUndefined();
    expect(parseLevel('severity', 'urgent', 5)).toBeUndefined();
  });

  it('maps TLP by TheHive version (3 = RED in v4, AMBER+STRICT in v5)', () => {
    expect(parseLevel('tlp', 'RED', 4)).toBe(3);
    expect(parseLevel('tlp', 'RED', 5)).toBe(4);
    expect(parseLevel('tlp', 'TLP:AMBER+STRICT', 5)).toBe(3);
    expect(parseLevel('tlp', 'AMBER+STRICT', 4)).toBeUndefined();
    expect(parseLevel('tlp', '4', 4)).toBeUndefined();
    expect(parseLevel('tlp', '4', 5)).toBe(4);
    expect(parseLevel('tlp', 'white', 5)).toBe(0);
    expect(parseLevel('tlp', 'CLEAR', 4)).toBe(0);
    expect(levelLabel('tlp', 3, 4)).toBe('RED');
    expect(levelLabel('tlp', 3, 5)).toBe('AMBER+STRICT');
  });

  it('maps PAP 0..3 only', () => {
    expect(parseLevel('pap', 'PAP:GREEN', 5)).toBe(1);
    expect(parseLevel('pap', '3', 5)).toBe(3);
    expect(parseLevel('pap', '4', 5)).toBeUndefined();
  });

  it('checks the shape of a status name', () => {
    expect(isStatusName('InProgress')).toBe(true);
    expect(isStatusName('False Positive')).toBe(true);
    expect(isStatusName('')).toBe(false);
    expect(isStatusName('<script>')).toBe(false);
  });

  it('reads case references', () => {
    expect(parseCaseRef('case:~8192')).toBe('~8192');
    expect(parseCaseRef('case:AWx-9_z:severity')).toBe('AWx-9_z');
    expect(parseCaseRef('case:')).toBeUndefined();
    expect(parseCaseRef('case:../../admin')).toBeUndefined();
    expect(parseCaseRef('alert:~1')).toBeUndefined();
    expect(parseCaseRef(undefined)).toBeUndefined();
  });
});
