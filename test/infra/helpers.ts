/** Synthesize the relay stack from a fixture config the way `cdk synth` does, minus bundling. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { buildRelayApp, PROJECT_ROOT, type RelayApp } from '../../infra/relay-app.js';

export const fixture = (name: string) => join(PROJECT_ROOT, 'test/infra/fixtures', name);

/** cdk.json's context (feature flags): `new App()` does not read cdk.json, the CLI does. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
}

export interface Synthesized extends RelayApp {
  template: Template;
  json: Record<string, any>;
  text: string;
}

/**
 * Bundling skipped (`aws:cdk:bundling-stacks: []`) for speed; cdk-nag runs as in the CLI, so a
 * finding fails here. CloudFormation's built-in schema validation is left to the bundling test
 * unless asked for (it costs seconds per synth).
 */
export function synthFixture(
  configName: string,
  options: { builtinValidation?: boolean } = {},
): Synthesized {
  const relay = buildRelayApp({
    configPath: fixture(configName),
    appProps: {
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: options.builtinValidation ?? false,
    },
  });
  const template = Template.fromStack(relay.stack);
  const json = template.toJSON();
  return { ...relay, template, json, text: JSON.stringify(json) };
}

/** Logical id of an L2 construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}

/** Every statement of the policies attached to a role (by the role's logical id). */
export function roleStatements(json: Record<string, any>, roleLogicalId: string): any[] {
  return Object.values<any>(json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === roleLogicalId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Turn `{Ref: X}` / `{Fn::GetAtt: [X, A]}` / `{Fn::Join}` into readable strings (`<X>`, `<X.A>`). */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) return `<${v.Ref}>`;
    if ('Fn::GetAtt' in v) return `<${v['Fn::GetAtt'].join('.')}>`;
    if ('Fn::Join' in v) return v['Fn::Join'][1].map(flatten).join(v['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}
