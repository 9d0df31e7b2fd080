/**
 * Every translator, by its function `type`. Adding a built-in source = one module in this
 * folder, its test and one line here. `custom` is loaded from the user's module.
 */
import type { FunctionConfig } from '../schema.js';
import type { Translator } from '../translator.js';
import type { CustomTranslatorLoader } from './custom.js';
import { elasticTranslator } from './elastic.js';
import { sekoiaTranslator } from './sekoia.js';
import { splunkTranslator } from './splunk.js';
import { wazuhTranslator } from './wazuh.js';

export const builtInTranslators = {
  elastic: elasticTranslator,
  sekoia: sekoiaTranslator,
  splunk: splunkTranslator,
  wazuh: wazuhTranslator,
} satisfies Record<string, Translator<any>>;

export type BuiltInTranslatorType = keyof typeof builtInTranslators;

export async function translatorFor(config: FunctionConfig, loadCustom?: CustomTranslatorLoader): Promise<Translator<any>> {
  if (config.type === 'custom') {
    if (!loadCustom) throw new Error(`functions "${config.name}": no loader for custom translators here`);
    return loadCustom(config);
  }
  return builtInTranslators[config.type];
}
