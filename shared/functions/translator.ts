/**
 * The contract of a translator: a source's payload in, TheHive actions out. Pure: no I/O, no
 * clock (the time comes in `context.now`), so the same payload always gives the same actions.
 * What a source needs fetched first (Sekoia's alert API) is described by `enrichment` and
 * fetched by the translate use case, which passes the answer back as `context.enrichment`.
 */
import type { SecretRef } from '../config/secret-ref.js';
import type { InputCreateAlert, InputObservable } from '../thehive/types.js';
import type { FunctionConfig } from './schema.js';

export type TheHiveAction =
  /** create the alert (with its observables); when it already exists, add the observables it lacks */
  | { kind: 'createAlert'; alert: InputCreateAlert }
  /** add observables to the alert with this (type, source, sourceRef) */
  | { kind: 'addObservables'; type: string; source: string; sourceRef: string; observables: InputObservable[] }
  /** nothing to do for this payload (e.g. a notification about an update), and why */
  | { kind: 'ignore'; reason: string };

export type Validation<P = unknown> = { ok: true; value: P } | { ok: false; field: string; message: string };

export interface TranslateContext {
  /** the answer of the enrichment request, parsed JSON */
  enrichment?: unknown;
  /** epoch ms: the default alert date */
  now: number;
}

/** An authenticated GET the use case makes before translating. */
export interface EnrichmentRequest {
  /** what it is, for errors: "Sekoia alert ALakbd8NXp9W" */
  what: string;
  url: string;
  /** sent as `Authorization: Bearer <value>` */
  bearer: SecretRef;
}

export interface Translator<P = unknown> {
  type: string;
  /** Is this the source's format? A failure names the field (`context.alerts[1].kibana.alert.uuid`). */
  validate(payload: unknown): Validation<P>;
  translate(payload: P, config: FunctionConfig, context: TranslateContext): TheHiveAction[];
  /** Needed before `translate`, when this payload only carries identifiers. */
  enrichment?(payload: P, config: FunctionConfig): EnrichmentRequest | undefined;
}

/** Thrown by a translator for a payload it validated but cannot translate (recorded with the run id). */
export class TranslationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'TranslationError';
  }
}
