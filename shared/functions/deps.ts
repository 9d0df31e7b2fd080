/** What the function use cases need from the outside (ports and config), and the HTTP shapes they speak. */
import type { RelayConfig } from '../config/schema.js';
import type { Clock, HttpClient, QueueClient, SecretResolver, StateStore } from '../ports.js';
import type { FunctionConfig } from './schema.js';
import type { CustomTranslatorLoader } from './translators/custom.js';

export interface FunctionsDeps {
  functions: FunctionConfig[];
  /** `thehive:` of the config: where translated alerts go */
  thehive?: RelayConfig['thehive'];
  store: StateStore;
  clock: Clock;
  secrets: SecretResolver;
  http: HttpClient;
  /** how `type: custom` modules are loaded here; absent where they are not available */
  loadCustom?: CustomTranslatorLoader;
}

export interface IntakeDeps extends FunctionsDeps {
  queue: QueueClient;
  /** the function's queue URL */
  queueUrl(name: string): string | undefined;
  /** a fresh random id (a-z0-9) */
  newId(): string;
}

export interface FunctionHttpRequest {
  method: string;
  /** lower-cased names */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** the raw body (decoded from base64 by the handler when needed) */
  body: string;
}

export interface FunctionHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export const findFunction = (deps: Pick<FunctionsDeps, 'functions'>, name: string) => deps.functions.find((fn) => fn.name === name);
