/**
 * Which notifiers receive an event, and through which of their triggers.
 *
 * A notifier matches when
 *   - its `organisations` list (when given) names the event's organisation, by name
 *     (case-insensitive) or id; an event without an organisation (TheHive 3) matches no list;
 *   - its `filter` (when given) passes: for FilteredEvent the filter is the trigger, for every
 *     other trigger it narrows it further;
 *   - and at least one of its triggers fired. FilteredEvent without a filter never fires.
 */
import type { RelayEvent } from '../events/model.js';
import type { NotifierConfig } from '../config/schema.js';
import { firedTriggers } from './catalogue.js';
import { evaluateFilter } from './filter.js';
import type { TriggerName } from './names.js';

export interface Match {
  notifier: NotifierConfig;
  /** the notifier's triggers that this event fired, in the notifier's order */
  triggers: TriggerName[];
}

function inOrganisations(event: RelayEvent, organisations: string[] | undefined): boolean {
  if (!organisations) return true;
  const name = event.organisation?.organisation?.toLowerCase();
  const id = event.organisation?.organisationId;
  for (const wanted of organisations) if (wanted === id || (name !== undefined && wanted.toLowerCase() === name)) return true;
  return false;
}

// Runs for every notifier on every event: loops rather than a Set and filtered arrays, so
// that a notifier that does not match costs no allocation.
const fires = (name: TriggerName, fired: TriggerName[], hasFilter: boolean): boolean =>
  name === 'FilteredEvent' ? hasFilter : fired.includes(name);

function firesAny(triggers: TriggerName[], fired: TriggerName[], hasFilter: boolean): boolean {
  for (const name of triggers) if (fires(name, fired, hasFilter)) return true;
  return false;
}

export function matchNotifiers(event: RelayEvent, notifiers: NotifierConfig[]): Match[] {
  const fired = firedTriggers(event);
  const matches: Match[] = [];
  for (const notifier of notifiers) {
    const hasFilter = notifier.filter !== undefined;
    if (!firesAny(notifier.triggers, fired, hasFilter)) continue;
    if (!inOrganisations(event, notifier.organisations)) continue;
    if (hasFilter && !evaluateFilter(notifier.filter, event)) continue;
    matches.push({ notifier, triggers: notifier.triggers.filter((name) => fires(name, fired, hasFilter)) });
  }
  return matches;
}
