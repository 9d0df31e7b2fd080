import { readFileSync } from 'node:fs';
import { functionSchema, type FunctionConfig } from '../../../shared/functions/schema.js';

export const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/sources/${path}`, import.meta.url), 'utf8'));

export const fnConfig = (fields: Record<string, unknown>): FunctionConfig =>
  functionSchema.parse({ name: 'fn', auth: { type: 'none' }, ...fields });

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
