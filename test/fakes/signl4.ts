/**
 * Fake SIGNL4 team webhook: `POST /webhook/<teamSecret>`. Keeps one alert per X-S4-ExternalID
 * the way SIGNL4 correlates them: `new` raises an alert, `acknowledged` / `resolved` change the
 * alert raised with that id (and do nothing when there is none). Answers 201 with an event id
 * (SIGNL4 does not document its answer; any 2xx is success).
 */
import { RecordingTarget } from './recording-target.js';

export const SIGNL4_TEAM_SECRET = 's3cr3tteam0001';

export interface Signl4Alert {
  externalId: string;
  status: 'new' | 'acknowledged' | 'resolved';
  title?: string;
}

export interface Signl4Fake extends RecordingTarget {
  alerts: Signl4Alert[];
}

export async function startSignl4Fake(): Promise<Signl4Fake> {
  const alerts: Signl4Alert[] = [];
  let events = 0;
  const target = new RecordingTarget((request) => {
    if (request.method !== 'POST' || request.path !== `/webhook/${SIGNL4_TEAM_SECRET}`) return { status: 404, body: { message: 'Team not found' } };
    const body = request.json;
    if (!body || typeof body !== 'object') return { status: 400, body: { message: 'Invalid payload' } };
    const externalId = body['X-S4-ExternalID'];
    const status = body['X-S4-Status'] ?? 'new';
    const open = alerts.find((a) => a.externalId === externalId && a.status !== 'resolved');
    if (status === 'new') alerts.push({ externalId, status: 'new', title: body.Title });
    else if (open) open.status = status;
    return { status: 201, body: { eventId: `evt-${++events}` } };
  });
  await target.start();
  return Object.assign(target, { alerts });
}
