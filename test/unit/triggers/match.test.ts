import { describe, expect, it } from 'vitest';
import { matchNotifiers } from '../../../shared/triggers/match.js';
import { normalise } from '../../../shared/events/normalise.js';
import type { NotifierConfig } from '../../../shared/config/schema.js';
import type { RelayEvent } from '../../../shared/events/model.js';
import type { TriggerName } from '../../../shared/triggers/names.js';
import { fixture, type FixtureVersion } from '../../fixtures/thehive/index.js';

function load(version: FixtureVersion, name: string): RelayEvent {
  const result = normalise(fixture(version, name));
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

const notifier = (name: string, triggers: TriggerName[], extra: Partial<NotifierConfig> = {}): NotifierConfig => ({
  type: 'console',
  name,
  triggers,
  maxReceiveCount: 5,
  timeoutSeconds: 10,
  ...extra,
});
const names = (matches: ReturnType<typeof matchNotifiers>) => matches.map((m) => m.notifier.name);

describe('matchNotifiers', () => {
  const closeV5 = load('v5-audit', 'case-close');

  it('matches on any fired trigger and reports which, in the notifier order', () => {
    const notifiers = [
      notifier('closed', ['CaseClosed']),
      notifier('created', ['CaseCreated']),
      notifier('both', ['CaseUpdated', 'TaskClosed', 'CaseClosed']),
      notifier('all', ['AnyEvent']),
    ];
    const matches = matchNotifiers(closeV5, notifiers);
    expect(names(matches)).toEqual(['closed', 'both', 'all']);
    expect(matches[1].triggers).toEqual(['CaseUpdated', 'CaseClosed']);
    expect(matches[0].notifier).toBe(notifiers[0]);
  });

  it('FilteredEvent fires when its filter passes', () => {
    const severe = { _gte: { _field: 'object.severity', _value: 3 } };
    const mild = { _lt: { _field: 'object.severity', _value: 3 } };
    const matches = matchNotifiers(closeV5, [notifier('severe', ['FilteredEvent'], { filter: severe }), notifier('mild', ['FilteredEvent'], { filter: mild })]);
    expect(names(matches)).toEqual(['severe']);
    expect(matches[0].triggers).toEqual(['FilteredEvent']);
  });

  it('FilteredEvent without a filter never fires', () => {
    expect(matchNotifiers(closeV5, [notifier('nofilter', ['FilteredEvent'])])).toEqual([]);
  });

  it('a filter narrows the other triggers too', () => {
    const finance = { _is: { 'object.customFieldValues.business-unit': 'Finance' } };
    const v3Close = load('v3', 'case-close'); // business-unit Finance
    const list = [notifier('finance-closed', ['CaseClosed'], { filter: finance })];
    expect(names(matchNotifiers(v3Close, list))).toEqual(['finance-closed']);
    expect(names(matchNotifiers(closeV5, list))).toEqual([]); // R&D
  });

  it('with a filter and several triggers, both FilteredEvent and the fired ones are reported', () => {
    const list = [notifier('n', ['FilteredEvent', 'CaseClosed', 'CaseCreated'], { filter: { _is: { objectType: 'Case' } } })];
    expect(matchNotifiers(closeV5, list)[0].triggers).toEqual(['FilteredEvent', 'CaseClosed']);
  });

  it('organisations: by name (any case) or id; events without organisation match no list', () => {
    const list = [
      notifier('by-name', ['AnyEvent'], { organisations: ['acme-soc'] }),
      notifier('by-id', ['AnyEvent'], { organisations: ['~4192'] }),
      notifier('other', ['AnyEvent'], { organisations: ['SOC', '~4104'] }),
      notifier('everyone', ['AnyEvent']),
    ];
    expect(names(matchNotifiers(closeV5, list))).toEqual(['by-name', 'by-id', 'everyone']);
    expect(names(matchNotifiers(load('v4', 'case-create'), list))).toEqual(['other', 'everyone']);
    expect(names(matchNotifiers(load('v3', 'case-create'), list))).toEqual(['everyone']);
  });

  it('an id never matches as a name from another organisation', () => {
    const list = [notifier('n', ['AnyEvent'], { organisations: ['~8216'] })];
    expect(matchNotifiers(closeV5, list)).toEqual([]);
    expect(names(matchNotifiers(load('v5-v0', 'case-create'), list))).toEqual(['n']);
  });

  it('nothing matches when nothing fired', () => {
    expect(matchNotifiers(load('v5-audit', 'unknown-type'), [notifier('c', ['CaseCreated', 'TaskClosed'])])).toEqual([]);
    expect(matchNotifiers(closeV5, [])).toEqual([]);
  });
});
