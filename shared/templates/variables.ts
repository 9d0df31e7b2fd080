/**
 * What a template sees, named like TheHive's own template variables: `object`, `audit`,
 * `case`, `url`… (`event` is the same as `audit`, for readers who think in events).
 */
import type { RelayEvent } from '../events/model.js';
import { linkTo } from './links.js';

type Json = Record<string, unknown>;

export interface TemplateVariables {
  /** the changed object (empty on deletes that carry none) */
  object: Json;
  /** the normalised event (TheHive 5 audit shape) */
  audit: RelayEvent;
  event: RelayEvent;
  /** the object when it is a case, else the case it belongs to (event context) when known */
  case?: Json;
  /** the object when it is an alert, else the alert it belongs to when known */
  alert?: Json;
  /** the parent/top object TheHive 5 sent */
  context?: Json;
  /** link to the object in the UI of the TheHive version that sent the event (absent when no `thehive.url` is configured) */
  url?: string;
  thehiveUrl?: string;
  /** organisation name (its id when the name is unknown) */
  organisation?: string;
}

const isAlert = (value: Json | undefined) => typeof value?._type === 'string' && value._type.toLowerCase() === 'alert';

export function templateVariables(event: RelayEvent, options: { thehiveUrl?: string } = {}): TemplateVariables {
  const object = event.object ?? { _id: event.objectId };
  const context = event.context;
  const caseObject = event.objectType === 'Case' ? object : context && !isAlert(context) ? context : undefined;
  const alertObject = event.objectType === 'Alert' ? object : isAlert(context) ? context : undefined;
  const variables: TemplateVariables = { object, audit: event, event };
  if (caseObject) variables.case = caseObject;
  if (alertObject) variables.alert = alertObject;
  if (context) variables.context = context;
  const organisation = event.organisation?.organisation ?? event.organisation?.organisationId;
  if (organisation) variables.organisation = organisation;

  const base = options.thehiveUrl?.endsWith('/') ? options.thehiveUrl.replace(/\/+$/, '') : options.thehiveUrl;
  if (base) {
    variables.thehiveUrl = base;
    variables.url = linkTo(base, event, { caseObject, alertObject });
  }
  return variables;
}
