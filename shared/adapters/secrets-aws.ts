/**
 * AWS secrets: `{ secret: NAME }` is `${prefix}/${NAME}` in SSM Parameter Store (SecureString,
 * decrypted) or Secrets Manager, per the reference's `store` or the config's `secrets.store`.
 * Powertools parameters caches each value in the container for 5 minutes.
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import type { SecretRef } from '../config/secret-ref.js';
import { SecretNotFoundError, type SecretResolver } from '../ports.js';

const MAX_AGE_SECONDS = 300;

export function secretPath(prefix: string, name: string): string {
  const base = prefix.replace(/\/+$/, '');
  return base ? `${base}/${name.replace(/^\/+/, '')}` : name;
}

export class AwsSecretResolver implements SecretResolver {
  private readonly ssm: SSMProvider;
  private readonly secretsManager: SecretsProvider;

  constructor(
    private readonly settings: { store: 'ssm' | 'secretsmanager'; prefix: string },
    providers: { ssm?: SSMProvider; secretsManager?: SecretsProvider } = {},
  ) {
    this.ssm = providers.ssm ?? new SSMProvider();
    this.secretsManager = providers.secretsManager ?? new SecretsProvider();
  }

  async get(ref: SecretRef): Promise<string> {
    const store = ref.store ?? this.settings.store;
    const path = secretPath(this.settings.prefix, ref.secret);
    try {
      const value =
        store === 'ssm'
          ? await this.ssm.get(path, { decrypt: true, maxAge: MAX_AGE_SECONDS, throwOnMissing: true })
          : await this.secretsManager.get(path, { maxAge: MAX_AGE_SECONDS, throwOnMissing: true });
      if (typeof value === 'string') return value;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
      throw new SecretNotFoundError(ref.secret, `${store} ${path} has no string value`);
    } catch (error) {
      if (error instanceof ParameterNotFoundError) throw new SecretNotFoundError(ref.secret, `${store} ${path}`);
      throw error;
    }
  }
}
