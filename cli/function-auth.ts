/** The headers a source sends to authenticate to POST/GET /functions/{name}, from its auth config. */
import type { InboundAuth } from '../shared/config/inbound-auth.js';
import { SecretNotFoundError, type SecretResolver } from '../shared/ports.js';
import { CliError } from './io.js';

export async function functionAuthHeaders(name: string, auth: InboundAuth, secrets: SecretResolver): Promise<Record<string, string>> {
  try {
    switch (auth.type) {
      case 'bearer':
        return { authorization: `Bearer ${await secrets.get(auth.token)}` };
      case 'basic':
        return { authorization: `Basic ${Buffer.from(`${auth.username}:${await secrets.get(auth.password)}`).toString('base64')}` };
      case 'header':
        return { [auth.name.toLowerCase()]: await secrets.get(auth.token) };
      case 'signature':
        throw new CliError(`function ${name}: auth type "signature" cannot be used by the CLI`);
      case 'none':
        return {};
    }
  } catch (error) {
    if (error instanceof SecretNotFoundError) throw new CliError(`function ${name}: its credentials are needed to call the relay: ${error.message}`);
    throw error;
  }
}
