/**
 * A function's status (`GET /functions/{name}`'s answer) as text for a terminal, with the
 * age of its last success and last error.
 */
import type { FunctionStatus } from './status.js';

const ago = (iso: string, now: number) => {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
};

/** `GET /functions/{name}`'s answer as text for a terminal. */
export function formatFunctionStatus(status: FunctionStatus, now: number): string {
  const c = status.counters;
  const lines = [
    `function ${status.function} (${status.type}), mode ${status.mode}`,
    `  runs: ${c.received} accepted, ${c.rejected} rejected (400), ${c.duplicatePosts} re-posts ignored; ` +
      `${c.succeeded} succeeded, ${c.duplicates} already in TheHive, ${c.ignored} with nothing to do, ${c.failed} failed, ${c.retries} retries`,
    `  TheHive: ${c.alertsCreated} alerts created, ${c.observablesAdded} observables added to existing alerts`,
    status.lastSuccess
      ? `  last success: ${status.lastSuccess.at} (${ago(status.lastSuccess.at, now)}) run ${status.lastSuccess.runId}: ${status.lastSuccess.message}`
      : '  last success: never',
    status.lastError
      ? `  last error:   ${status.lastError.at} (${ago(status.lastError.at, now)})${status.lastError.runId ? ` run ${status.lastError.runId}` : ''} [${status.lastError.kind ?? 'error'}]: ${status.lastError.message}`
      : '  last error:   none',
  ];
  if (status.recentRuns.length) {
    lines.push('  recent runs:');
    for (const run of status.recentRuns) {
      const detail = run.error ? `${run.error.field ? `${run.error.field}: ` : ''}${run.error.message}` : (run.alerts ?? []).map((a) => `${a.outcome} ${a.id ?? a.sourceRef}`).join(', ') || run.note || '';
      lines.push(`    ${run.receivedAt}  ${run.runId}  ${run.status.padEnd(9)} ${detail}`.trimEnd());
    }
  }
  return lines.join('\n');
}
