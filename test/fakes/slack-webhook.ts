/**
 * Fake Slack incoming webhook: `POST /services/T…/B…/…` answers 200 `ok` (plain text) for a JSON
 * body with `text` or `blocks`, and Slack's plain-text errors otherwise (400 invalid_payload /
 * no_text, 400 invalid_blocks for blocks over Block Kit's limits, 404 no_service for an unknown
 * hook path).
 */
import { RecordingTarget } from './recording-target.js';
import { blockKitRefusal } from './slack-web-api.js';

export const SLACK_HOOK_PATH = '/services/T0001/B0001/s3cr3tHookToken0001';

export function slackWebhookFake(hookPath = SLACK_HOOK_PATH): RecordingTarget {
  return new RecordingTarget((request) => {
    if (request.method !== 'POST' || request.path !== hookPath) return { status: 404, body: 'no_service' };
    if (!request.headers['content-type']?.startsWith('application/json') || request.json === undefined) {
      return { status: 400, body: 'invalid_payload' };
    }
    if (!request.json.text && !request.json.blocks) return { status: 400, body: 'no_text' };
    const refusal = blockKitRefusal(request.json.blocks);
    if (refusal) return { status: 400, body: refusal };
    return { status: 200, body: 'ok' };
  });
}
