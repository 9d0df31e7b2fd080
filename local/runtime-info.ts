/** Where a running local relay keeps its queues (served at GET /_local/runtime), for the CLI. */
import type { QueuePair } from '../shared/adapters/sqs-queues.js';

export interface LocalRuntimeInfo {
  sqsEndpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  /** `${kind}:${name}` → queue and DLQ, e.g. `notifier:soc-webhook` */
  queues: Record<string, QueuePair>;
}

export async function fetchLocalRuntime(baseUrl: string): Promise<LocalRuntimeInfo> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/_local/runtime`);
  } catch {
    throw new Error(`no local relay answers at ${baseUrl}: start it with \`npm start\` (or pass its URL)`);
  }
  if (!response.ok) throw new Error(`${baseUrl}/_local/runtime answered ${response.status}: is this a local hive-relay?`);
  return (await response.json()) as LocalRuntimeInfo;
}
