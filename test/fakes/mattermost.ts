/**
 * Fake Mattermost incoming webhook: `POST /hooks/<key>` with JSON answers 200 `ok` (text/plain);
 * 400 when it cannot parse the body or it has neither text nor attachments; 404 for an unknown key.
 */
import { RecordingTarget } from './recording-target.js';

export const MATTERMOST_HOOK_PATH = '/hooks/s3cr3thookkey0001';

export function mattermostFake(): RecordingTarget {
  return new RecordingTarget((request) => {
    if (request.method !== 'POST' || request.path !== MATTERMOST_HOOK_PATH) return { status: 404, body: { id: 'web.incoming_webhook.invalid.app_error', status_code: 404 } };
    if (request.json === undefined) return { status: 400, body: { id: 'api.webhook.incoming.parse.app_error', message: 'Unable to parse incoming data', status_code: 400 } };
    if (!request.json.text && !request.json.attachments) return { status: 400, body: { id: 'web.incoming_webhook.text.app_error', message: 'No text specified', status_code: 400 } };
    return { status: 200, body: 'ok' };
  });
}
