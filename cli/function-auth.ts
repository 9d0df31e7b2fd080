/** The headers a source sends to authenticate to POST/GET /functions/{name}, from its auth config. */
import type { InboundAuth } from '../shared/config/inbound-auth.js';
import type { SecretRef } from '../shared/config/secret-ref.js';
import { authHeaders, authSecretRefs } from '../shared/http/inbound-auth.js';
import { SecretNotFoundError, type SecretResolver } from '../shared/ports.js';
import { CliError } from './io.js';

export async function functionAuthHeaders(name: string, auth: InboundAuth, secrets: SecretResolver): Promise<Record<string, string>> {
  const values = new Map<SecretRef, string>();
  try {
    for (const ref of authSecretRefs(auth)) values.set(ref, await secrets.get(ref));
  } catch (error) {
    if (error instanceof SecretNotFoundError) throw new CliError(`function ${name}: its credentials are needed to call the relay: ${error.message}`);
    throw error;
  }
  return authHeaders(auth, (ref) => values.get(ref)!);
}
