/**
 * The idempotency port of delivery: each outbound request of a message runs once per
 * (notifier, event key, request key). A redelivered or redriven message replays the stored
 * answer instead of posting again. Implemented with Powertools idempotency on the state
 * table (shared/adapters/idempotency.ts).
 */
import type { HttpResponse } from '../ports.js';

export interface OnceKey {
  notifier: string;
  eventKey: string;
  request: string;
}

/** What is kept for a delivered request: the answer later requests need, and what to remember. */
export interface DeliveredRecord {
  response: HttpResponse;
  remember?: Record<string, unknown>;
}

export interface OnceStore {
  /**
   * Runs `work` unless this key already completed, in which case the stored record is returned
   * (`replayed: true`). When `work` throws, nothing is kept and the error propagates.
   */
  once(key: OnceKey, work: () => Promise<DeliveredRecord>): Promise<{ record: DeliveredRecord; replayed: boolean }>;
}

/** Another delivery of the same request is running right now (a concurrent redelivery). */
export class AlreadyInProgressError extends Error {
  constructor(key: OnceKey) {
    super(`request ${key.request} of event ${key.eventKey.slice(0, 12)} is being delivered by another worker`);
    this.name = 'AlreadyInProgressError';
  }
}
