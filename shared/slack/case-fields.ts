/**
 * The case fields Slack users can change, with TheHive's value sets per version
 * (reference: TheHive §5). A select may carry a number ("3") or a label ("HIGH"); both are
 * turned into what TheHive's API takes.
 */
import type { TheHiveVersion } from '../events/model.js';

export const severityLabels: Record<number, string> = { 1: 'LOW', 2: 'MEDIUM', 3: 'HIGH', 4: 'CRITICAL' };

/** TLP 3 is RED in v3/v4 but AMBER+STRICT in v5. */
export const tlpLabels = (version: TheHiveVersion): Record<number, string> =>
  version === 5 ? { 0: 'CLEAR', 1: 'GREEN', 2: 'AMBER', 3: 'AMBER+STRICT', 4: 'RED' } : { 0: 'WHITE', 1: 'GREEN', 2: 'AMBER', 3: 'RED' };

export const papLabels = (version: TheHiveVersion): Record<number, string> =>
  version === 5 ? { 0: 'CLEAR', 1: 'GREEN', 2: 'AMBER', 3: 'RED' } : { 0: 'WHITE', 1: 'GREEN', 2: 'AMBER', 3: 'RED' };

/** Closing values: v3/v4 `resolutionStatus` (with status Resolved); v5 default statuses of the Closed stage. */
export const closeResolutions = ['TruePositive', 'FalsePositive', 'Indeterminate', 'Other', 'Duplicated'] as const;
export const impactStatuses = ['NoImpact', 'WithImpact', 'NotApplicable'] as const;

export const resolutionLabels: Record<string, string> = {
  TruePositive: 'True positive',
  FalsePositive: 'False positive',
  Indeterminate: 'Indeterminate',
  Other: 'Other',
  Duplicated: 'Duplicated',
};
export const impactLabels: Record<string, string> = { NoImpact: 'No impact', WithImpact: 'With impact', NotApplicable: 'Not applicable' };

export type LevelField = 'severity' | 'tlp' | 'pap';

function levelTable(field: LevelField, version: TheHiveVersion): Record<number, string> {
  if (field === 'severity') return severityLabels;
  return field === 'tlp' ? tlpLabels(version) : papLabels(version);
}

/** "3", "HIGH", "high", "TLP:AMBER" → the number TheHive takes; undefined when not a value of that field. */
export function parseLevel(field: LevelField, raw: string, version: TheHiveVersion): number | undefined {
  const table = levelTable(field, version);
  const text = raw.trim();
  if (/^\d$/.test(text)) return table[Number(text)] !== undefined ? Number(text) : undefined;
  const label = text.toUpperCase().replace(/^(TLP|PAP):/, '').replace(/\s+/g, '');
  if (field !== 'severity' && label === (version === 5 ? 'WHITE' : 'CLEAR')) return 0; // the other version's name for 0
  for (const [value, name] of Object.entries(table)) if (name === label) return Number(value);
  return undefined;
}

export function levelLabel(field: LevelField, value: unknown, version: TheHiveVersion): string {
  if (typeof value !== 'number') return value === undefined || value === null ? 'none' : String(value);
  return levelTable(field, version)[value] ?? String(value);
}

/** A case status as TheHive names it: v5 statuses are admin-defined, so only the shape is checked. */
export const isStatusName = (value: string): boolean => /^[A-Za-z][A-Za-z0-9 _+-]{0,63}$/.test(value);
