/**
 * How a TheHive answer is classified, so callers decide without reading status codes:
 * - `already-exists`: the (type, source, sourceRef) alert is already there (TheHive answers 400, not 409)
 * - `configuration`: 401/403, wrong API key, organisation or permissions; retrying will not help
 * - `not-found`: 404 on an id the caller gave
 * - `transient`: 5xx, 429, 408, timeouts, network errors; retry later
 * - `permanent`: any other 4xx; TheHive's own message says why
 */
export type TheHiveErrorKind = 'already-exists' | 'configuration' | 'not-found' | 'transient' | 'permanent';

export class TheHiveError extends Error {
  constructor(
    readonly kind: TheHiveErrorKind,
    message: string,
    /** HTTP status when TheHive answered */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TheHiveError';
  }
}

export const isTheHiveError = (error: unknown, kind?: TheHiveErrorKind): error is TheHiveError =>
  error instanceof TheHiveError && (kind === undefined || error.kind === kind);

const duplicateText = /already exist|ConflictError/i;

/** TheHive's error bodies are `{ type, message }` JSON; fall back to the raw text. */
export function theHiveMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { type?: unknown; message?: unknown };
    if (parsed && typeof parsed.message === 'string') {
      return typeof parsed.type === 'string' ? `${parsed.type}: ${parsed.message}` : parsed.message;
    }
  } catch {
    // not JSON: keep the text
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Classify a non-2xx answer. */
export function errorFromResponse(status: number, body: string, what: string): TheHiveError {
  const message = theHiveMessage(body);
  const described = `TheHive ${what}: HTTP ${status}${message ? ` ${message}` : ''}`.slice(0, 500);
  if (status === 400 && duplicateText.test(body)) return new TheHiveError('already-exists', described, status);
  if (status === 409) return new TheHiveError('already-exists', described, status);
  if (status === 401 || status === 403) {
    return new TheHiveError('configuration', `${described} (check thehive.apiKey, thehive.organisation and the key's permissions)`, status);
  }
  if (status === 404) return new TheHiveError('not-found', described, status);
  if (status >= 500 || status === 429 || status === 408) return new TheHiveError('transient', described, status);
  return new TheHiveError('permanent', described, status);
}
