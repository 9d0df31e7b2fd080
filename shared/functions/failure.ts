/** A run's failure, classified: retried (transient) or recorded and parked (permanent). */
import { SecretNotFoundError } from '../ports.js';
import { TheHiveError } from '../thehive/errors.js';
import { TranslationError } from './translator.js';
import type { ErrorKind } from './runs.js';

export class RunFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RunFailure';
  }
}

/** Any error a run can meet → a RunFailure (unknown errors are transient: a bug or an outage may pass). */
export function classify(error: unknown): RunFailure {
  if (error instanceof RunFailure) return error;
  if (error instanceof TheHiveError) {
    switch (error.kind) {
      case 'transient':
        return new RunFailure('transient', error.message, true, error.status);
      case 'configuration':
        return new RunFailure('configuration', error.message, false, error.status);
      default:
        return new RunFailure('thehive', error.message, false, error.status);
    }
  }
  if (error instanceof TranslationError) return new RunFailure('translation', error.message, false, undefined, error.field);
  if (error instanceof SecretNotFoundError) return new RunFailure('configuration', error.message, false);
  const message = error instanceof Error ? error.message : String(error);
  return new RunFailure('transient', message.slice(0, 500), true);
}
