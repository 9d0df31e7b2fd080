/** Lambda entry: API Gateway HTTP API (payload 2.0) → ingest. */
import { awsBaseDeps, requireEnv } from '../../shared/adapters/aws-runtime.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { createIngestHandler } from './create.js';

const deps = awsBaseDeps('hive-relay-ingest');

export const handler = createIngestHandler({
  ...deps,
  queueUrls: JSON.parse(requireEnv(runtimeEnv.notifierQueues)) as Record<string, string>,
});
