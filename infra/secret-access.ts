/**
 * IAM for `{ secret: NAME }` references: a Lambda may read exactly the secrets its part of the
 * config references, nothing else. Where a NAME lives on AWS (shared/config/schema.ts,
 * `secrets`): the store is the ref's own `store`, else `secrets.store`; the name is
 * `${prefix}/${NAME}` (trailing slashes of the prefix ignored), e.g. `/hive-relay/INGEST_TOKEN`.
 *   - SSM Parameter Store: GetParameter(WithDecryption) of that name; its ARN is
 *     `…:parameter/` + the name without its leading `/`.
 *   - Secrets Manager: GetSecretValue of that name; its ARN ends in `-` + 6 random characters.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { SecretRef } from '../shared/config/secret-ref.js';
import { acknowledgeNag } from './nag.js';

export interface SecretsSettings {
  store: 'ssm' | 'secretsmanager';
  prefix: string;
}

export interface ResolvedSecret {
  store: 'ssm' | 'secretsmanager';
  /** the name to ask the store for */
  name: string;
}

/** The same name the runtime asks for (shared/adapters/secrets-aws.ts `secretPath`; a test keeps them in step). */
export function resolveSecretName(ref: SecretRef, settings: SecretsSettings): ResolvedSecret {
  const base = settings.prefix.replace(/\/+$/, '');
  const name = base ? `${base}/${ref.secret.replace(/^\/+/, '')}` : ref.secret;
  return { store: ref.store ?? settings.store, name };
}

/** Grant read access to exactly these secrets. Returns the statements added (for tests and nag). */
export function grantSecretsRead(
  grantee: IGrantable,
  scope: Stack,
  refs: readonly SecretRef[],
  settings: SecretsSettings,
): PolicyStatement[] {
  const resolved = refs.map((ref) => resolveSecretName(ref, settings));
  const ssmNames = [...new Set(resolved.filter((r) => r.store === 'ssm').map((r) => r.name))].sort();
  const smNames = [...new Set(resolved.filter((r) => r.store === 'secretsmanager').map((r) => r.name))].sort();
  const statements: PolicyStatement[] = [];

  if (ssmNames.length) {
    const parameterArns = ssmNames.map((name) =>
      scope.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') }),
    );
    statements.push(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: parameterArns }),
      // SecureString: the AWS managed key (aws/ssm) already lets every principal of the account
      // decrypt through SSM; this statement makes customer managed keys work too, and is held to
      // SSM calls on these very parameters by the encryption context SSM always sends.
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:Decrypt'],
        resources: [scope.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
        conditions: {
          StringEquals: { 'kms:ViaService': `ssm.${scope.region}.${scope.urlSuffix}` },
          'ForAnyValue:StringEquals': { 'kms:EncryptionContext:PARAMETER_ARN': parameterArns },
        },
      }),
    );
  }
  if (smNames.length) {
    // `-??????`: the six random characters Secrets Manager appends; `?` matches exactly one.
    const secretArns = smNames.map((name) =>
      scope.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${name}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );
    statements.push(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: secretArns }),
      // as for SSM: customer managed keys work too, held to Secrets Manager calls on these very
      // secrets by the encryption context it always sends (the aws/secretsmanager key needs none)
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:Decrypt'],
        resources: [scope.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${scope.region}.${scope.urlSuffix}` },
          'ForAnyValue:StringLike': { 'kms:EncryptionContext:SecretARN': secretArns },
        },
      }),
    );
  }
  for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
  if ((ssmNames.length || smNames.length) && grantee.grantPrincipal instanceof Construct) {
    acknowledgeNag(
      grantee.grantPrincipal,
      'IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
      'kms:Decrypt of secrets: the key id is not known at synth (the AWS managed key or the ' +
        "user's own); each statement only allows decryption through SSM or Secrets Manager " +
        "(kms:ViaService) of this function's own parameters and secrets (their encryption context)",
    );
  }
  return statements;
}
