/**
 * For `npm run bench`: one translation (validate + translate, pure, no I/O) per call, per
 * built-in translator, on a sample payload. The samples are the test fixtures, named by
 * their path from the repository root.
 */
import type { TheHiveAction } from './translator.js';
import { functionSchema } from './schema.js';
import { builtInTranslators, type BuiltInTranslatorType } from './translators/registry.js';

export const translatorBenchSamples: Record<BuiltInTranslatorType, { payload: string; enrichment?: string }> = {
  elastic: { payload: 'test/fixtures/sources/elastic/recommended-body-nested.json' },
  sekoia: { payload: 'test/fixtures/sources/sekoia/notification-alert-created.json', enrichment: 'test/fixtures/sources/sekoia/alert-api-answer.json' },
  splunk: { payload: 'test/fixtures/sources/splunk/webhook.json' },
  wazuh: { payload: 'test/fixtures/sources/wazuh/sshd-bruteforce.json' },
};

/**
 * A function that translates `payload` once per call and returns the actions (throws if the
 * payload is invalid). `payload` is the parsed JSON, or its text (then parsed on every call,
 * as the worker does).
 */
export function translatorBench(type: BuiltInTranslatorType, payload: unknown, enrichment?: unknown): () => TheHiveAction[] {
  const translator = builtInTranslators[type];
  const config = functionSchema.parse({
    name: `bench-${type}`,
    type,
    auth: { type: 'none' },
    ...(type === 'sekoia' ? { sekoia: { apiKey: { secret: 'BENCH' } } } : {}),
  });
  return () => {
    const value = typeof payload === 'string' ? JSON.parse(payload) : payload;
    const valid = translator.validate(value);
    if (!valid.ok) throw new Error(`${type} sample: ${valid.field}: ${valid.message}`);
    return translator.translate(valid.value as never, config, { now: 0, enrichment });
  };
}
