/**
 * A notifier's pipeline: its queue, DLQ, alarms and notify Lambda, reading only its own secrets
 * and carrying its own templates, precompiled.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { collectSecretRefs } from '../../shared/config/find-secret-refs.js';
import type { NotifierConfig } from '../../shared/config/schema.js';
import type { CortexNotifierConfig } from '../../shared/notifiers/schemas/cortex.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { precompileConfigTemplates } from '../../shared/templates/precompile.js';
import { stateAccess } from '../state-access.js';
import { sqsMaxReceiveCount, WorkerPipeline, type PipelineCommonProps } from './worker-pipeline.js';

export interface NotifierPipelineProps extends PipelineCommonProps {
  notifier: NotifierConfig;
  /** functions/notify/handler.ts */
  entry: string;
}

/** Lambda's longest timeout. */
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * The most requests one message makes, one after another: a Cortex lookup and a run per
 * analyzer or responder; three for the others (a Slack update and thread reply, say).
 */
function requestsPerMessage(notifier: NotifierConfig): number {
  if (notifier.type !== 'cortex') return 3;
  const cortex = notifier as CortexNotifierConfig;
  const workers = (cortex.analyzers?.length ?? 0) + (cortex.responders?.length ?? 0);
  return Math.max(3, 2 * workers);
}

/**
 * Room for one message's requests at the notifier's per-request timeout, with a 30 s floor: a
 * worker killed mid-request would send that request again on the retry.
 */
export function notifierTimeout(notifier: NotifierConfig): Duration {
  const seconds = Math.max(30, notifier.timeoutSeconds * requestsPerMessage(notifier));
  return Duration.seconds(Math.min(LAMBDA_MAX_TIMEOUT_SECONDS, seconds));
}

/** `SOC <soc@example.org>` or `soc@example.org` → the address and its domain. */
export function sesIdentities(from: unknown): { address: string; domain: string } | undefined {
  if (typeof from !== 'string') return undefined;
  const address = (from.match(/<([^<>\s]+@[^<>\s]+)>\s*$/)?.[1] ?? from).trim();
  const at = address.lastIndexOf('@');
  if (at < 1 || /\s/.test(address)) return undefined;
  return { address, domain: address.slice(at + 1) };
}

export class NotifierPipeline extends WorkerPipeline {
  readonly notifier: NotifierConfig;

  constructor(scope: Construct, id: string, props: NotifierPipelineProps) {
    const { notifier } = props;
    super(scope, id, {
      ...props,
      label: `notifier ${notifier.name} (${notifier.type})`,
      timeout: notifierTimeout(notifier),
      maxReceiveCount: sqsMaxReceiveCount(notifier.maxReceiveCount),
      environment: { [runtimeEnv.notifierName]: notifier.name },
      secretRefs: collectSecretRefs(notifier),
      stateAccess: stateAccess.notifier(notifier.name),
      // its templates compiled here, so its Lambda bundles no template compiler
      templatesJson: JSON.stringify(precompileConfigTemplates(notifier)),
    });
    this.notifier = notifier;
    if (notifier.type === 'email') this.grantSendEmail(notifier.from);
  }

  /** SES v2 SendEmail authorises against the sending identity: the address or its domain. */
  private grantSendEmail(from: unknown) {
    const stack = Stack.of(this);
    const identity = sesIdentities(from);
    const names = identity ? [identity.address, identity.domain] : ['*'];
    this.worker.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: names.map((name) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name })),
      }),
    );
  }
}
