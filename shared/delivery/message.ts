/** What travels on a notifier's queue, and what its DLQ keeps. */
import type { RelayEvent } from '../events/model.js';
import type { Waiting } from './target-wait.js';

export interface NotifierMessage extends Waiting {
  v: 1;
  notifier: string;
  /** stable id of the event (hash of the webhook body): the idempotency key's root */
  eventKey: string;
  event: RelayEvent;
  /** epoch ms when ingest accepted it */
  acceptedAt: number;
  /** deliveries tried by earlier copies (a wait the target asked for is not one) */
  attempts?: number;
}

/** Why a message was parked: kept in the DLQ body beside the original message. */
export interface FailureRecord {
  reason: string;
  /** target's HTTP status when it answered */
  status?: number;
  /** the target's answer (truncated, secrets redacted) or the transport error */
  error?: string;
  attempts: number;
  /** ISO 8601 */
  lastAttemptAt: string;
  permanent: boolean;
  /** key of the outbound request that failed, when one did */
  request?: string;
}

export interface DeadLetter<M = NotifierMessage> {
  message: M;
  failure: FailureRecord;
}
