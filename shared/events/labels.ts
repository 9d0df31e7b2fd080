/**
 * TheHive's number → label mappings. TLP 3 is RED up to TheHive 4 but AMBER+STRICT in
 * TheHive 5 (which added TLP 4 = RED), and 0 became CLEAR; PAP followed the same renaming.
 */
import type { TheHiveVersion } from './model.js';

const severity: Record<number, string> = { 1: 'LOW', 2: 'MEDIUM', 3: 'HIGH', 4: 'CRITICAL' };
const tlpV4: Record<number, string> = { 0: 'WHITE', 1: 'GREEN', 2: 'AMBER', 3: 'RED' };
const tlpV5: Record<number, string> = { 0: 'CLEAR', 1: 'GREEN', 2: 'AMBER', 3: 'AMBER+STRICT', 4: 'RED' };
const papV4: Record<number, string> = { 0: 'WHITE', 1: 'GREEN', 2: 'AMBER', 3: 'RED' };
const papV5: Record<number, string> = { 0: 'CLEAR', 1: 'GREEN', 2: 'AMBER', 3: 'RED' };

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

const lookup = (table: Record<number, string>, value: unknown): string | undefined => {
  const n = asNumber(value);
  return n === undefined ? undefined : table[n];
};

export const severityLabel = (value: unknown): string | undefined => lookup(severity, value);
export const tlpLabel = (value: unknown, version: TheHiveVersion = 5): string | undefined =>
  lookup(version >= 5 ? tlpV5 : tlpV4, value);
export const papLabel = (value: unknown, version: TheHiveVersion = 5): string | undefined =>
  lookup(version >= 5 ? papV5 : papV4, value);
