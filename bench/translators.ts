/**
 * Section 4: translations per second of each built-in Functions translator, over the source
 * fixtures in test/fixtures/sources/<type>/ (the Sekoia alert-API answer is the enrichment of
 * the Sekoia notifications, not a payload). One translation = parse the posted text, validate,
 * translate, as the translate worker does (shared/functions/bench.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translatorBench } from '../shared/functions/bench.js';
import { builtInTranslators, type BuiltInTranslatorType } from '../shared/functions/translators/registry.js';
import { blackhole, measureRate } from './stats.js';

const sourcesDir = fileURLToPath(new URL('../test/fixtures/sources/', import.meta.url));
const ENRICHMENT = { sekoia: 'alert-api-answer.json' } as Partial<Record<BuiltInTranslatorType, string>>;

export interface TranslatorResult {
  payloads: string[];
  /** actions produced per translation, averaged over the payloads */
  actionsPerTranslation: number;
  translationsPerSecond: { median: number; best: number };
  translationsPerCpuSecond: { median: number; best: number };
}

export function runTranslatorBench(options: { warmupMs: number; rounds: number; roundMs: number }): Record<string, TranslatorResult> {
  const results: Record<string, TranslatorResult> = {};
  for (const type of Object.keys(builtInTranslators) as BuiltInTranslatorType[]) {
    const dir = join(sourcesDir, type);
    const enrichmentFile = ENRICHMENT[type];
    const enrichment = enrichmentFile ? (JSON.parse(readFileSync(join(dir, enrichmentFile), 'utf8')) as unknown) : undefined;
    const payloads = readdirSync(dir)
      .filter((file) => file.endsWith('.json') && file !== enrichmentFile)
      .sort();
    if (!payloads.length) throw new Error(`translator bench: no fixtures in ${dir}`);
    const runs = payloads.map((file) => translatorBench(type, readFileSync(join(dir, file), 'utf8'), enrichment));
    const actions = runs.reduce((sum, run) => sum + run().length, 0);
    const rate = measureRate((i) => {
      blackhole.value += runs[i % runs.length]().length;
    }, { ...options, batch: 16 });
    results[type] = {
      payloads,
      actionsPerTranslation: actions / runs.length,
      translationsPerSecond: rate.perSecond,
      translationsPerCpuSecond: rate.perCpuSecond,
    };
  }
  return results;
}
