/** Calls to a running relay's HTTP API (local or deployed), answering status and parsed JSON. */
import { CliError } from './io.js';

export interface RelayAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function callRelay(method: string, url: string, headers: Record<string, string>, body?: string): Promise<RelayAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new CliError(`no answer from ${new URL(url).origin}${cause ? ` (${cause})` : ''}: is the relay running? (\`npm start\`, or --local URL / --aws)`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { error: text.slice(0, 500) };
  }
  const record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  return { status: response.status, body: record };
}

/** "HTTP 400: expected … (field sid)" */
export function describeRefusal(answer: RelayAnswer): string {
  const { error, field } = answer.body;
  return `HTTP ${answer.status}: ${typeof error === 'string' ? error : JSON.stringify(answer.body)}${typeof field === 'string' ? ` (field ${field})` : ''}`;
}
