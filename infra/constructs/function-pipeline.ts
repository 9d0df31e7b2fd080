/** A function's pipeline (`functions[]`): queue, DLQ, alarms and its translate Lambda. */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { collectSecretRefs } from '../../shared/config/find-secret-refs.js';
import type { SecretRef } from '../../shared/config/secret-ref.js';
import type { FunctionConfig } from '../../shared/functions/schema.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { stateAccess } from '../state-access.js';
import { sqsMaxReceiveCount, WorkerPipeline, type PipelineCommonProps } from './worker-pipeline.js';

/** TheHive calls plus, for Sekoia, one enrichment call per alert. */
export const TRANSLATE_TIMEOUT = Duration.seconds(60);

export interface FunctionPipelineProps extends PipelineCommonProps {
  fn: FunctionConfig;
  /** functions/translate/handler.ts */
  entry: string;
  /** `thehive.apiKey`: every translator writes to TheHive */
  theHiveApiKey?: SecretRef;
  /** custom functions: absolute path bundled as `hive-relay-custom-translator` (see ../bundling/custom-translator.ts) */
  customTranslator?: string;
}

/**
 * The translate worker's secrets: the function's own (e.g. `sekoia.apiKey`) and TheHive's key.
 * Not its inbound `auth`: that is checked by the intake Lambda.
 */
export function translateSecretRefs(fn: FunctionConfig, theHiveApiKey?: SecretRef): SecretRef[] {
  const { auth: _auth, ...rest } = fn;
  return collectSecretRefs(theHiveApiKey ? [rest, theHiveApiKey] : rest);
}

export class FunctionPipeline extends WorkerPipeline {
  readonly fn: FunctionConfig;

  constructor(scope: Construct, id: string, props: FunctionPipelineProps) {
    const { fn } = props;
    super(scope, id, {
      ...props,
      label: `function ${fn.name} (${fn.type})`,
      timeout: TRANSLATE_TIMEOUT,
      maxReceiveCount: sqsMaxReceiveCount(fn.maxReceiveCount),
      environment: { [runtimeEnv.functionName]: fn.name },
      secretRefs: translateSecretRefs(fn, props.theHiveApiKey),
      stateAccess: stateAccess.translate(fn.name),
    });
    this.fn = fn;
  }
}
