/**
 * Loads a custom translator inside a Lambda bundle: `cdk deploy` bundles the function's
 * `module:` under the alias `hive-relay-custom-translator` (esbuild `alias`). Bundles of
 * functions that have no custom module mark that name external; it is never imported there.
 */
import type { Translator } from './translator.js';
import { customTranslatorFrom, type CustomTranslatorLoader } from './translators/custom.js';

let loaded: Promise<Translator> | undefined;

export const bundledCustomTranslatorLoader =
  (importModule: () => Promise<unknown> = () => import('hive-relay-custom-translator')): CustomTranslatorLoader =>
  (config) => {
    loaded ??= importModule().then((module) => customTranslatorFrom(module, `functions "${config.name}" module ${config.module ?? ''}`));
    return loaded;
  };
