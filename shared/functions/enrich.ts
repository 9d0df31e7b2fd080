/** Fetch what a translator asked for (Sekoia's alert API), with its API key from the secrets. */
import { HttpTransportError, type HttpClient, type SecretResolver } from '../ports.js';
import { theHiveMessage } from '../thehive/errors.js';
import { RunFailure } from './failure.js';
import type { EnrichmentRequest } from './translator.js';

export async function fetchEnrichment(
  request: EnrichmentRequest,
  deps: { http: HttpClient; secrets: SecretResolver },
): Promise<unknown> {
  const key = await deps.secrets.get(request.bearer);
  let response;
  try {
    response = await deps.http.send({
      method: 'GET',
      url: request.url,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      timeoutMs: 10_000,
    });
  } catch (error) {
    if (error instanceof HttpTransportError) {
      return Promise.reject(
        new RunFailure(error.kind === 'blocked' ? 'configuration' : 'transient', `${request.what}: ${error.kind}: ${error.message}`, error.kind !== 'blocked'),
      );
    }
    throw error;
  }
  const said = theHiveMessage(response.body).slice(0, 200);
  const failed = (kind: 'configuration' | 'enrichment' | 'transient', hint = '') =>
    new RunFailure(kind, `${request.what}: HTTP ${response.status}${said ? ` ${said}` : ''}${hint}`, kind === 'transient', response.status);
  if (response.status === 401 || response.status === 403) throw failed('configuration', ' (check the API key and its permissions)');
  if (response.status >= 500 || response.status === 429 || response.status === 408) throw failed('transient');
  if (response.status < 200 || response.status > 299) throw failed('enrichment');
  try {
    return JSON.parse(response.body);
  } catch {
    throw new RunFailure('enrichment', `${request.what}: the answer is not JSON`, false, response.status);
  }
}
