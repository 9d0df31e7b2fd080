/**
 * The createAlert action a built-in translator ends with. The translator says what the alert is;
 * this puts it under the function's `alert:` defaults and within TheHive's field limits, so those
 * rules live in one place for every source.
 */
import type { InputCreateAlert, InputObservable, Severity } from '../../thehive/types.js';
import type { FunctionConfig } from '../schema.js';
import type { TheHiveAction } from '../translator.js';
import { clip } from './common.js';

/** What a translator read from its source about one alert. */
export interface TranslatedAlert {
  sourceRef: string;
  title: string;
  description: string;
  severity: Severity;
  /** epoch ms */
  date: number;
  /** the source's tags, added after the function's; empty ones are dropped */
  tags: Array<string | undefined>;
  observables: InputObservable[];
}

type AlertDefaults = Pick<InputCreateAlert, 'type' | 'source' | 'tlp' | 'pap' | 'caseTemplate'> & { tags: string[] };

/** The alert fields a function's config fixes (`alert:` defaults), over the translator's own defaults. */
function alertDefaults(config: FunctionConfig, defaults: { type: string; source: string }): AlertDefaults {
  const base: AlertDefaults = {
    type: clip(config.alert?.type ?? defaults.type, 32),
    source: clip(config.alert?.source ?? defaults.source, 32),
    tags: [...(config.alert?.tags ?? [])],
  };
  if (config.alert?.tlp !== undefined) base.tlp = config.alert.tlp;
  if (config.alert?.pap !== undefined) base.pap = config.alert.pap;
  if (config.alert?.caseTemplate) base.caseTemplate = config.alert.caseTemplate;
  return base;
}

/** TheHive's limit on an alert description (InputCreateAlert `description` maxLength, TheHive 4 and 5): 1 MiB of characters. */
const descriptionMax = 1_048_576;

/** Trimmed, at most 128 characters each, each once, in order. */
const uniqueTags = (tags: Array<string | undefined>) => [...new Set(tags.filter((t): t is string => !!t && t.trim() !== '').map((t) => clip(t.trim(), 128)))];

/** `defaults` name the source (`type`, `source`) when the function's config does not. */
export function createAlertAction(
  config: FunctionConfig,
  defaults: { type: string; source: string },
  alert: TranslatedAlert,
): Extract<TheHiveAction, { kind: 'createAlert' }> {
  const base = alertDefaults(config, defaults);
  return {
    kind: 'createAlert',
    alert: {
      ...base,
      sourceRef: clip(alert.sourceRef, 128),
      title: clip(alert.title, 512),
      description: clip(alert.description, descriptionMax),
      severity: alert.severity,
      date: alert.date,
      tags: uniqueTags([...base.tags, ...alert.tags]),
      observables: alert.observables,
    },
  };
}
