/**
 * From a posted body to TheHive actions: parse, find the translator, validate, fetch the
 * enrichment it asks for, translate. Shared by the worker and the dry run, so a dry run shows
 * exactly what a real run would do.
 */
import type { FunctionsDeps } from './deps.js';
import { fetchEnrichment } from './enrich.js';
import { RunFailure } from './failure.js';
import type { FunctionConfig } from './schema.js';
import type { TheHiveAction, Translator } from './translator.js';
import { translatorFor } from './translators/registry.js';

export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunFailure('validation', `not JSON: ${(error as Error).message.split('\n')[0]}`, false, undefined, '(body)');
  }
}

/** The function's translator, or undefined when its custom module cannot be loaded here. */
export async function loadTranslator(fn: FunctionConfig, deps: Pick<FunctionsDeps, 'loadCustom'>): Promise<Translator | undefined> {
  if (fn.type === 'custom' && !deps.loadCustom) return undefined;
  try {
    return await translatorFor(fn, deps.loadCustom);
  } catch (error) {
    throw new RunFailure('configuration', (error as Error).message, false, undefined, 'module');
  }
}

export interface Prepared {
  actions: TheHiveAction[];
  /** the enrichment request made, if any (for dry-run output; no credentials) */
  fetched?: { method: 'GET'; url: string; what: string };
}

export async function prepareActions(
  fn: FunctionConfig,
  translator: Translator,
  payload: unknown,
  deps: Pick<FunctionsDeps, 'http' | 'secrets'>,
  now: number,
): Promise<Prepared> {
  const valid = translator.validate(payload);
  if (!valid.ok) throw new RunFailure('validation', valid.message, false, undefined, valid.field);
  const request = translator.enrichment?.(valid.value, fn);
  const enrichment = request ? await fetchEnrichment(request, deps) : undefined;
  let actions: TheHiveAction[];
  try {
    actions = translator.translate(valid.value, fn, { enrichment, now });
  } catch (error) {
    if (error instanceof RunFailure) throw error;
    const field = (error as { field?: unknown }).field;
    throw new RunFailure('translation', `the ${fn.type} translator failed: ${(error as Error).message ?? String(error)}`.slice(0, 500), false, undefined, typeof field === 'string' ? field : undefined);
  }
  return { actions, fetched: request ? { method: 'GET', url: request.url, what: request.what } : undefined };
}
