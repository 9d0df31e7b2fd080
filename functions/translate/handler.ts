/** Lambda entry: SQS (one function's queue) → translate into TheHive, with partial batch responses. */
import { awsBaseDeps, requireEnv } from '../../shared/adapters/aws-runtime.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { bundledCustomTranslatorLoader } from '../../shared/functions/custom-bundled.js';
import { createTranslateHandler } from './create.js';

const deps = awsBaseDeps('hive-relay-translate');
const functionName = requireEnv(runtimeEnv.functionName);
deps.logger.appendKeys({ function: functionName });

export const handler = createTranslateHandler({
  ...deps,
  dlqUrl: requireEnv(runtimeEnv.dlqUrl),
  // `hive-relay-custom-translator` is this function's module in a custom function's bundle
  loadCustom: bundledCustomTranslatorLoader(),
});
