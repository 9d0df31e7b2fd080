/**
 * A function's records in the state table, partition `FN#<name>`:
 *   RUN#<epoch ms, 13 digits>#<id>          one run: status, timestamps, TheHive ids, error, payload
 *   RUN#<…>#<id>#PART#<n>                   payload parts, for bodies larger than one item holds
 *   STATUS                                  counters, last success, last error
 *   DEDUPE#<sha256 of the body>             the run a body already made (a source that re-posts)
 * Runs and parts expire after `runRetentionDays` (TTL on AWS, a sweep locally).
 */
import type { StateItem, StateStore } from '../ports.js';

export const functionPk = (name: string) => `FN#${name}`;
export const STATUS_SK = 'STATUS';
export const dedupeSk = (bodyHash: string) => `DEDUPE#${bodyHash}`;

export type RunStatus =
  /** accepted, waiting for its worker */
  | 'queued'
  | 'running'
  /** a transient failure; the queue will deliver it again */
  | 'retrying'
  | 'succeeded'
  /** TheHive already had the alert(s) and nothing was missing */
  | 'duplicate'
  /** valid, but nothing to do (e.g. a Sekoia update notification) */
  | 'ignored'
  /** refused at intake: not the source's format (HTTP 400) */
  | 'rejected'
  /** failed for good; parked in the DLQ with the reason */
  | 'failed';

export const finishedStatuses: ReadonlySet<RunStatus> = new Set(['succeeded', 'duplicate', 'ignored']);

export type ErrorKind = 'validation' | 'translation' | 'configuration' | 'thehive' | 'enrichment' | 'transient' | 'queue';

export interface RunError {
  /** ISO 8601 */
  at: string;
  kind: ErrorKind;
  message: string;
  field?: string;
  status?: number;
}

export interface AlertOutcome {
  sourceRef: string;
  title: string;
  /** TheHive's `_id` */
  id?: string;
  outcome: 'created' | 'already-exists' | 'merged' | 'observables-added';
  observablesAdded: number;
}

export interface RunRecord {
  runId: string;
  function: string;
  status: RunStatus;
  /** ISO 8601 */
  receivedAt: string;
  updatedAt: string;
  attempts: number;
  payloadBytes: number;
  alerts?: AlertOutcome[];
  /** why nothing was done (ignored) */
  note?: string;
  error?: RunError;
}

export interface LastEvent {
  at: string;
  runId: string;
  message: string;
  kind?: ErrorKind;
}

/** Bytes of payload per item (DynamoDB items hold 400 KB, attributes included). */
const PART_BYTES = 300_000;

const RUN_ID = /^(\d{13})-([a-z0-9]{1,32})$/;

export function newRunId(nowMs: number, id: string): string {
  return `${String(Math.max(0, Math.floor(nowMs))).padStart(13, '0')}-${id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 32)}`;
}

export const isRunId = (runId: string) => RUN_ID.test(runId);

export function runSk(runId: string): string {
  const match = RUN_ID.exec(runId);
  if (!match) throw new Error(`not a run id: ${runId}`);
  return `RUN#${match[1]}#${match[2]}`;
}

const partSk = (runId: string, index: number) => `${runSk(runId)}#PART#${String(index).padStart(3, '0')}`;

export const expiresAtFor = (nowMs: number, retentionDays: number) => Math.floor(nowMs / 1000) + retentionDays * 86_400;

/** Store a new run with its payload (split across parts when large). */
export async function putRun(
  store: StateStore,
  record: RunRecord,
  payload: string,
  expiresAt: number,
): Promise<void> {
  const pk = functionPk(record.function);
  const parts: string[] = [];
  if (Buffer.byteLength(payload, 'utf8') > PART_BYTES) {
    // split on characters, sized by bytes, so multi-byte text is never cut in half
    let current = '';
    let bytes = 0;
    for (const char of payload) {
      const size = Buffer.byteLength(char, 'utf8');
      if (bytes + size > PART_BYTES) {
        parts.push(current);
        current = '';
        bytes = 0;
      }
      current += char;
      bytes += size;
    }
    if (current) parts.push(current);
    for (const [index, part] of parts.entries()) {
      await store.put({ pk, sk: partSk(record.runId, index), expiresAt, data: part });
    }
  }
  const item: StateItem = { pk, sk: runSk(record.runId), expiresAt, ...record };
  if (parts.length) item.payloadParts = parts.length;
  else item.payload = payload;
  await store.put(item);
}

const RECORD_FIELDS = ['runId', 'function', 'status', 'receivedAt', 'updatedAt', 'attempts', 'payloadBytes', 'alerts', 'note', 'error'] as const;

export function toRunRecord(item: StateItem): RunRecord {
  const record: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) if (item[field] !== undefined && item[field] !== null) record[field] = item[field];
  return record as unknown as RunRecord;
}

export async function getRun(store: StateStore, name: string, runId: string): Promise<{ record: RunRecord; item: StateItem } | undefined> {
  if (!isRunId(runId)) return undefined;
  const item = await store.get(functionPk(name), runSk(runId));
  return item ? { record: toRunRecord(item), item } : undefined;
}

/** The payload as it was posted, or undefined when its parts have expired. */
export async function runPayload(store: StateStore, name: string, item: StateItem): Promise<string | undefined> {
  if (typeof item.payload === 'string') return item.payload;
  const count = typeof item.payloadParts === 'number' ? item.payloadParts : 0;
  const runId = String(item.runId);
  let text = '';
  for (let index = 0; index < count; index += 1) {
    const part = await store.get(functionPk(name), partSk(runId, index));
    if (!part || typeof part.data !== 'string') return undefined;
    text += part.data;
  }
  return text;
}

export async function updateRun(store: StateStore, name: string, runId: string, set: Partial<RunRecord>, add?: Record<string, number>): Promise<void> {
  await store.update(functionPk(name), runSk(runId), { set: set as Record<string, unknown>, add });
}

/** Most recent runs first, without their payloads. */
export async function recentRuns(store: StateStore, name: string, limit: number): Promise<RunRecord[]> {
  const items = await store.query(functionPk(name), { skPrefix: 'RUN#', descending: true, limit: limit * 4 });
  return items
    .filter((item) => !item.sk.includes('#PART#'))
    .slice(0, limit)
    .map(toRunRecord);
}

export type Counter =
  | 'received'
  | 'rejected'
  | 'duplicatePosts'
  | 'succeeded'
  | 'duplicates'
  | 'ignored'
  | 'failed'
  | 'retries'
  | 'alertsCreated'
  | 'observablesAdded';

/** Counters plus, optionally, last success / last error on the STATUS item. */
export async function recordStatus(
  store: StateStore,
  name: string,
  changes: { count?: Partial<Record<Counter, number>>; lastSuccess?: LastEvent; lastError?: LastEvent },
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.lastSuccess) set.lastSuccess = changes.lastSuccess;
  if (changes.lastError) set.lastError = changes.lastError;
  const add = Object.fromEntries(Object.entries(changes.count ?? {}).filter(([, value]) => value));
  await store.update(functionPk(name), STATUS_SK, { set, add: add as Record<string, number> });
}
