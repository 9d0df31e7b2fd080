/**
 * SDK client settings for the local emulators (fauxqs, dynalite on 127.0.0.1), where the SDK's
 * own per-request work is most of the cost of a call. Same clients, same serialisation, same
 * middleware; only the signature, which no emulator checks, is not computed.
 */
interface SignableRequest {
  headers: Record<string, string>;
}

interface SignerConfig {
  signer: (authScheme?: unknown) => Promise<unknown>;
  region?: unknown;
}

const amzDate = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * Stamps the headers a SigV4 request carries (dynalite refuses a request without a
 * well-formed `Authorization` and an `X-Amz-Date`) with a placeholder signature. The SDK's
 * signer would hash the body and derive HMACs on every call: about 40% of the client's CPU
 * per call, for a signature the emulators accept whatever it is. The credentials of an
 * emulator client are fixed placeholders too (see createSqsClient / createDynamoClient).
 */
const placeholderSigner = {
  async sign<R extends SignableRequest>(request: R, options?: { signingDate?: Date; signingRegion?: string; signingService?: string }): Promise<R> {
    const date = amzDate(options?.signingDate ?? new Date());
    const scope = `${date.slice(0, 8)}/${options?.signingRegion ?? 'us-east-1'}/${options?.signingService ?? 'local'}/aws4_request`;
    request.headers['x-amz-date'] = date;
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${scope}, SignedHeaders=host;x-amz-date, Signature=unsigned-local-emulator`;
    return request;
  },
};

/** For a client whose endpoint is a local emulator only: never for a client that may reach AWS. */
export function signForEmulator<C extends { config: object }>(client: C): C {
  (client.config as unknown as SignerConfig).signer = async () => placeholderSigner;
  return client;
}
