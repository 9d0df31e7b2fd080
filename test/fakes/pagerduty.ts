/**
 * Fake PagerDuty Events API v2: `POST /v2/enqueue`. Validates like PagerDuty (routing_key,
 * event_action, dedup_key for ack/resolve, payload summary/source/severity for trigger) and
 * answers 202 `{ status: 'success', message: 'Event processed', dedup_key }` or 400
 * `{ status: 'invalid event', message, errors }`. Keeps alerts per dedup_key: a trigger opens one
 * (or adds to the open one), acknowledge/resolve change the open one.
 */
import { RecordingTarget } from './recording-target.js';

export interface PagerDutyAlert {
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  triggers: number;
}

export interface PagerDutyFake extends RecordingTarget {
  alerts: PagerDutyAlert[];
  enqueueUrl: string;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

export async function startPagerDutyFake(routingKey: string): Promise<PagerDutyFake> {
  const alerts: PagerDutyAlert[] = [];
  const invalid = (...errors: string[]) => ({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } });
  const target = new RecordingTarget((request) => {
    if (request.method !== 'POST' || request.path !== '/v2/enqueue') return { status: 404, body: 'Not Found' };
    const event = request.json;
    if (!event || typeof event !== 'object') return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Malformed JSON'] } };
    if (event.routing_key !== routingKey) return invalid("'routing_key' is invalid");
    const action = event.event_action;
    if (!['trigger', 'acknowledge', 'resolve'].includes(action)) return invalid("'event_action' is invalid");
    if (typeof event.dedup_key === 'string' && event.dedup_key.length > 255) return invalid("'dedup_key' is too long");
    const open = alerts.find((a) => a.dedupKey === event.dedup_key && a.status !== 'resolved');
    if (action === 'trigger') {
      const payload = event.payload ?? {};
      if (!payload.summary || payload.summary.length > 1024) return invalid("'payload.summary' is missing or too long");
      if (!payload.source) return invalid("'payload.source' is missing");
      if (!SEVERITIES.includes(payload.severity)) return invalid("'payload.severity' is invalid");
      if (open) open.triggers += 1;
      else alerts.push({ dedupKey: event.dedup_key, status: 'triggered', summary: payload.summary, triggers: 1 });
    } else {
      if (!event.dedup_key) return invalid("'dedup_key' is required for acknowledge and resolve");
      if (open) open.status = action === 'resolve' ? 'resolved' : 'acknowledged';
    }
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: event.dedup_key } };
  });
  await target.start();
  return Object.assign(target, { alerts, enqueueUrl: `${target.baseUrl}/v2/enqueue` });
}
