/**
 * Secrets the CLI needs to act as a source (a function's own credentials): from the
 * environment or the local secrets file, as the local relay reads them; for a deployed stack,
 * from SSM / Secrets Manager when they are not set locally.
 */
import type { RelayConfig } from '../shared/config/schema.js';
import type { SecretRef } from '../shared/config/secret-ref.js';
import { LocalSecretResolver } from '../shared/adapters/secrets-local.js';
import { SecretNotFoundError, type SecretResolver } from '../shared/ports.js';
import { CliError } from './io.js';

export function localSecrets(env: NodeJS.ProcessEnv): LocalSecretResolver {
  try {
    return new LocalSecretResolver({ env });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** Local values first, then the stack's secret store. */
export function stackSecrets(env: NodeJS.ProcessEnv, settings: RelayConfig['secrets']): SecretResolver {
  const local = localSecrets(env);
  let aws: SecretResolver | undefined;
  return {
    async get(ref: SecretRef) {
      const value = local.lookup(ref.secret);
      if (value) return value;
      const { AwsSecretResolver } = await import('../shared/adapters/secrets-aws.js');
      aws ??= new AwsSecretResolver(settings);
      try {
        return await aws.get(ref);
      } catch (error) {
        if (error instanceof SecretNotFoundError) throw error;
        throw new CliError(`cannot read secret ${ref.secret} from AWS: ${(error as Error).message}`);
      }
    },
  };
}
