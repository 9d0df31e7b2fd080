/**
 * Loads a custom translator from its `module:` path, resolved against the config file's folder,
 * by dynamic import (tsx runs .ts modules as they are). Used by the local runtime and the CLI.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionConfig } from './schema.js';
import type { Translator } from './translator.js';
import { customTranslatorFrom, type CustomTranslatorLoader } from './translators/custom.js';

const loaded = new Map<string, Promise<Translator>>();

export function loadCustomTranslator(config: FunctionConfig, configDir: string): Promise<Translator> {
  if (!config.module) return Promise.reject(new Error(`functions "${config.name}": module is required for a custom function`));
  const path = isAbsolute(config.module) ? config.module : resolve(configDir, config.module);
  let pending = loaded.get(path);
  if (!pending) {
    pending = import(pathToFileURL(path).href).then(
      (module: unknown) => customTranslatorFrom(module, `functions "${config.name}" module ${config.module}`),
      (error: Error) => {
        loaded.delete(path);
        throw new Error(`functions "${config.name}": cannot load module ${config.module}: ${error.message.split('\n')[0]}`);
      },
    );
    loaded.set(path, pending);
  }
  return pending;
}

/** A loader bound to the config file's folder. */
export const localCustomTranslatorLoader =
  (configDir: string): CustomTranslatorLoader =>
  (config) =>
    loadCustomTranslator(config, configDir);
