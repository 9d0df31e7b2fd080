/**
 * cdk-nag (AwsSolutions) for the app, and helpers to acknowledge a finding on purpose: always
 * with its reason, on the construct that carries it, for one finding id (cdk-nag 3 ids name the
 * exact wildcard, e.g. `AwsSolutions-IAM5[Resource::…]`, like v2's `appliesTo`).
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs at synth; any unacknowledged finding fails it (CLI and Template.fromStack alike).
 * cdk-nag 3 is a policy-validation plugin: `Aspects.of(app).add(new AwsSolutionsChecks())`
 * no longer works with this CDK.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** `rule` as cdk-nag prints it after "AwsSolutions-": `APIG4`, `IAM5[Resource::…]`. */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}
