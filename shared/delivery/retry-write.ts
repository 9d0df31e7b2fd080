/** Pauses before each retry of a write that failed after its side effect went through. */
export const RETRY_WRITE_DELAYS_MS = [50, 250];

/**
 * Tries `write` again after each pause; resolves to undefined once a try succeeds, or to the
 * last error. For bookkeeping written after a side effect (a post, a created task): its caller
 * logs a failure rather than retrying the whole work, which would repeat the side effect.
 */
export async function retryWrite(write: () => Promise<unknown>, delaysMs: readonly number[] = RETRY_WRITE_DELAYS_MS): Promise<unknown> {
  let last: unknown;
  for (const delay of delaysMs) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await write();
      return undefined;
    } catch (error) {
      last = error;
    }
  }
  return last;
}
