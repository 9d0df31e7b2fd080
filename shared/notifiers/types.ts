/**
 * The contract of a notifier type. A type is pure: it turns (event, config, context) into the
 * HTTP requests to make, and tells from each response whether it was delivered, should be
 * retried (optionally after N seconds) or failed for good. The delivery use case
 * (shared/delivery) runs the requests, applies the rules (idempotency, Retry-After, DLQ) once
 * for every type, and stores what `outcome` asks it to remember.
 * The type's config schema lives apart (./schemas/<type>.ts, C is its inferred type): the
 * config is validated before it reaches a Lambda, which bundles no validator.
 */
import type { RelayEvent } from '../events/model.js';
import type { SecretRef } from '../config/secret-ref.js';
import type { HttpRequest, HttpResponse } from '../ports.js';

export interface RenderContext {
  /** TheHive base URL from config (`thehive.url`), for links */
  thehiveUrl?: string;
  /** resolved secret value (pre-resolved by the caller; `hive-relay route` passes redacted placeholders) */
  secret(ref: SecretRef | string): string;
  /** what an earlier delivery of this notifier remembered for the same case/alert (e.g. Slack channel+ts) */
  memory?: Record<string, unknown>;
  /** epoch ms */
  now: number;
  /** stable id of the event being delivered (hash of the webhook body), e.g. for a webhook-id */
  eventKey?: string;
}

/** One request to make, in order; `key` names it for idempotency and for `outcome`. */
export interface OutboundRequest extends HttpRequest {
  key: string;
  /** when set, the body of this request depends on an earlier response (e.g. thread reply needs the ts) */
  dependsOn?: string;
  /**
   * How it is carried: 'http' (default) through the HttpClient; 'email' through the EmailSender
   * port (SES v2 SendEmail on AWS, a folder locally), with `body` the JSON of an EmailMessage.
   */
  transport?: 'http' | 'email';
  /**
   * Not sent: facts this request establishes once delivered (e.g. the event time a Slack
   * message now shows), for the type's `outcome` to return in `remember`.
   */
  memo?: Record<string, unknown>;
}

export type Outcome =
  | { kind: 'delivered'; remember?: Record<string, unknown> }
  | { kind: 'retry'; reason: string; afterSeconds?: number }
  | { kind: 'permanent'; reason: string };

export interface NotifierType<C = Record<string, unknown>> {
  type: string;
  /** memory key for this event (case/alert it belongs to), when the type follows an object through its life */
  memoryKey?(event: RelayEvent, config: C): string | undefined;
  render(event: RelayEvent, config: C, context: RenderContext): OutboundRequest[];
  /**
   * Resolve a request that depends on an earlier response (Slack thread reply after the
   * first post). Default: the request is sent as rendered.
   */
  complete?(request: OutboundRequest, earlier: Record<string, HttpResponse>): OutboundRequest;
  outcome(response: HttpResponse, request: OutboundRequest): Outcome;
}
