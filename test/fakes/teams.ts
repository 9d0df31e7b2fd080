/**
 * Fake Teams Workflows webhook (Power Automate "When a Teams webhook request is received"):
 * answers 202 with an empty body for any POST to its `/workflows/…/invoke?…&sig=…` path, like the
 * real one, even when the envelope is wrong (the real flow fails later, invisibly); `flowRuns`
 * records whether each envelope would have posted a card. Above 28 KB it answers 413.
 */
import { RecordingTarget } from './recording-target.js';

export const TEAMS_PATH = '/workflows/0f1e2d3c/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3tSig0001';

export interface TeamsFake extends RecordingTarget {
  /** per request: true when `attachments[]` held Adaptive Cards (what the default flow iterates) */
  flowRuns: boolean[];
}

export async function startTeamsFake(): Promise<TeamsFake> {
  const flowRuns: boolean[] = [];
  const target = new RecordingTarget((request) => {
    if (request.method !== 'POST' || request.path !== TEAMS_PATH) return { status: 404, body: { error: { code: 'TriggerNotFound' } } };
    if (Buffer.byteLength(request.body, 'utf8') > 28 * 1024) return { status: 413, body: 'Request Entity Too Large' };
    const attachments = request.json?.attachments;
    flowRuns.push(
      request.json?.type === 'message' &&
        Array.isArray(attachments) &&
        attachments.length > 0 &&
        attachments.every((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content?.type === 'AdaptiveCard'),
    );
    return { status: 202, body: '' };
  });
  await target.start();
  return Object.assign(target, { flowRuns });
}
