/**
 * Lambda entry: API Gateway HTTP API (payload 2.0), POST/GET /functions/{name} → intake/status.
 * Custom translator modules are bundled into their translate Lambdas only, so here a custom
 * function's body is checked by its worker, and its dry run is done with the CLI.
 */
import { awsBaseDeps, requireEnv } from '../../shared/adapters/aws-runtime.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { createFunctionIntakeHandler } from './create.js';

const deps = awsBaseDeps('hive-relay-function-intake');

export const handler = createFunctionIntakeHandler({
  ...deps,
  queueUrls: JSON.parse(requireEnv(runtimeEnv.functionQueues)) as Record<string, string>,
});
