/**
 * `custom`: the user's own translator module (`module:` in the function's config). It exports
 * the same contract as the built-in ones, in any of these forms:
 *   export function translate(payload, config, context) { return [...actions] }   (+ optional validate)
 *   export default { translate, validate? }
 *   export const translator = { translate, validate? }
 * Its output is checked here, since it is user code: a malformed action fails the run with the
 * field named, before anything reaches TheHive.
 */
import type { FunctionConfig } from '../schema.js';
import { TranslationError, type TheHiveAction, type TranslateContext, type Translator, type Validation } from '../translator.js';
import { isRecord } from '../../json.js';

type Fn = (...args: unknown[]) => unknown;

function pickExports(module: unknown): { translate: Fn; validate?: Fn } | undefined {
  if (!isRecord(module) && typeof module !== 'function') return undefined;
  const candidates = [module, (module as Record<string, unknown>).default, (module as Record<string, unknown>).translator];
  for (const candidate of candidates) {
    if (isRecord(candidate) || (typeof candidate === 'object' && candidate !== null)) {
      const { translate, validate } = candidate as Record<string, unknown>;
      if (typeof translate === 'function') {
        return { translate: translate as Fn, validate: typeof validate === 'function' ? (validate as Fn) : undefined };
      }
    }
  }
  return undefined;
}

const requiredAlertText = { type: 32, source: 32, sourceRef: 128, title: 512 } as const;

/** Check what user code returned; a problem names `actions[i].…`. */
export function checkActions(value: unknown): TheHiveAction[] {
  if (!Array.isArray(value)) throw new TranslationError('translate() must return an array of actions', 'actions');
  value.forEach((action, index) => {
    const at = `actions[${index}]`;
    if (!isRecord(action)) throw new TranslationError('expected an object', at);
    if (action.kind === 'ignore') return;
    if (action.kind === 'createAlert') {
      if (!isRecord(action.alert)) throw new TranslationError('expected an object', `${at}.alert`);
      for (const [field, max] of Object.entries(requiredAlertText)) {
        const text = action.alert[field];
        if (typeof text !== 'string' || !text) throw new TranslationError('required: a non-empty string', `${at}.alert.${field}`);
        if (text.length > max) throw new TranslationError(`at most ${max} characters`, `${at}.alert.${field}`);
      }
      if (typeof action.alert.description !== 'string') throw new TranslationError('required: a string', `${at}.alert.description`);
      const severity = action.alert.severity;
      if (severity !== undefined && (typeof severity !== 'number' || ![1, 2, 3, 4].includes(severity))) {
        throw new TranslationError('expected 1, 2, 3 or 4', `${at}.alert.severity`);
      }
      checkObservables(action.alert.observables, `${at}.alert.observables`, true);
      return;
    }
    if (action.kind === 'addObservables') {
      for (const field of ['type', 'source', 'sourceRef'] as const) {
        if (typeof action[field] !== 'string' || !action[field]) throw new TranslationError('required: a non-empty string', `${at}.${field}`);
      }
      checkObservables(action.observables, `${at}.observables`, false);
      return;
    }
    throw new TranslationError('expected "createAlert", "addObservables" or "ignore"', `${at}.kind`);
  });
  return value as TheHiveAction[];
}

function checkObservables(value: unknown, at: string, optional: boolean): void {
  if (value === undefined && optional) return;
  if (!Array.isArray(value)) throw new TranslationError('expected an array', at);
  value.forEach((observable, index) => {
    if (!isRecord(observable)) throw new TranslationError('expected an object', `${at}[${index}]`);
    if (typeof observable.dataType !== 'string' || !observable.dataType) throw new TranslationError('required: a string', `${at}[${index}].dataType`);
    if (typeof observable.data !== 'string' || !observable.data) throw new TranslationError('required: a non-empty string', `${at}[${index}].data`);
  });
}

/** Turn a loaded module into a Translator; `where` names it in errors. */
export function customTranslatorFrom(module: unknown, where: string): Translator {
  const exports = pickExports(module);
  if (!exports) throw new Error(`${where}: the module exports no translate(payload, config, context) function`);
  return {
    type: 'custom',
    validate(payload: unknown): Validation {
      if (exports.validate) {
        let result: Validation | undefined;
        try {
          result = exports.validate(payload) as Validation | undefined;
        } catch (error) {
          return { ok: false, field: '(root)', message: `${where}: validate() threw: ${(error as Error).message ?? String(error)}` };
        }
        if (isRecord(result) && result.ok === false) {
          return { ok: false, field: String(result.field ?? '(root)'), message: String(result.message ?? 'invalid') };
        }
        if (isRecord(result) && result.ok === true) return { ok: true, value: 'value' in result ? result.value : payload };
        if (result !== undefined) return { ok: false, field: '(root)', message: `${where}: validate() must return { ok, … }` };
      }
      if (typeof payload !== 'object' || payload === null) return { ok: false, field: '(root)', message: 'expected a JSON object or array' };
      return { ok: true, value: payload };
    },
    translate(payload: unknown, config: FunctionConfig, context: TranslateContext) {
      return checkActions(exports.translate(payload, config, context));
    },
  };
}

/** How a custom function's module is found: from its path locally, from the bundle on AWS. */
export type CustomTranslatorLoader = (config: FunctionConfig) => Promise<Translator>;
