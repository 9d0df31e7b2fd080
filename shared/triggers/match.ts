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
  return organisations.some((wanted) => wanted === id || (name !== undefined && wanted.toLowerCase() === name));
}

export function matchNotifiers(event: RelayEvent, notifiers: NotifierConfig[]): Match[] {
  const fired = new Set<TriggerName>(firedTriggers(event));
  const matches: Match[] = [];
  for (const notifier of notifiers) {
    if (!inOrganisations(event, notifier.organisations)) continue;
    const hasFilter = notifier.filter !== undefined;
    const triggers = notifier.triggers.filter((name) => (name === 'FilteredEvent' ? hasFilter : fired.has(name)));
    if (triggers.length === 0) continue;
    if (hasFilter && !evaluateFilter(notifier.filter, event)) continue;
    matches.push({ notifier, triggers });
  }
  return matches;
}
