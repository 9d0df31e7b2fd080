import { describe, expect, it } from 'vitest';
import { notifierTypes } from '../../../shared/notifiers/registry.js';
import { notifierSchemaTypes } from '../../../shared/notifiers/schemas/registry.js';
import { parseConfig } from '../../../shared/config/parse.js';

describe('the two notifier registries', () => {
  it('list the same types: each render module has a schema, and each schema a render module', () => {
    expect([...notifierSchemaTypes].sort()).toEqual(Object.keys(notifierTypes).sort());
  });

  it('file each render module under its own type', () => {
    for (const [key, notifier] of Object.entries(notifierTypes)) expect(notifier.type).toBe(key);
  });

  it('validate a notifier through its type schema when the config is parsed', () => {
    const base = { ingest: { auth: { type: 'none' } } };
    const ok = parseConfig({ ...base, notifiers: [{ name: 'n', type: 'console', triggers: ['AnyEvent'] }] });
    expect(ok.notifiers[0]).toMatchObject({ type: 'console', label: 'hive-relay' });
    expect(() => parseConfig({ ...base, notifiers: [{ name: 'n', type: 'teams', triggers: ['AnyEvent'], url: 'nope' }] })).toThrow(/notifiers\[0\]\.url/);
  });
});
