/**
 * SDK client settings for the local emulators (fauxqs, dynalite on 127.0.0.1), where the SDK's
 * own per-request work is most of the cost of a call. Same clients, same wire protocol and
 * signatures; only work that gives the same result every time is done once.
 */
interface SignerConfig {
  signer: (authScheme?: unknown) => Promise<unknown>;
}

/**
 * The SDK builds a new SigV4 signer (copying the whole client config, deriving the signing
 * key afresh) for every request; for fixed local credentials one signer serves every request
 * (region and service are passed to each `sign` call).
 */
export function reuseSigner<C extends { config: object }>(client: C): C {
  const config = client.config as unknown as SignerConfig;
  const build = config.signer;
  let signer: Promise<unknown> | undefined;
  config.signer = (authScheme) => (signer ??= build(authScheme));
  return client;
}
