/**
 * A fake Sekoia.io alert API on 127.0.0.1: GET /v1/sic/alerts/{uuid} (and the /api/v1 form)
 * with `Authorization: Bearer <key>`, answering the alerts it was given, 404 for others and 401
 * for a wrong key. Failures can be scripted with `answerNext`.
 */
import { RecordingTarget, type RecordedRequest, type ScriptedAnswer } from './recording-target.js';

export class FakeSekoia extends RecordingTarget {
  readonly alerts = new Map<string, Record<string, unknown>>();

  constructor(readonly apiKey = 'sekoia-api-key') {
    super((request) => this.route(request));
  }

  addAlert(alert: Record<string, unknown>): this {
    this.alerts.set(String(alert.uuid), alert);
    return this;
  }

  private route(request: RecordedRequest): ScriptedAnswer {
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) return { status: 401, body: { message: 'Unauthorized' } };
    const match = /^(?:\/api)?\/v1\/sic\/alerts\/([^/?]+)/.exec(request.path);
    if (request.method !== 'GET' || !match) return { status: 404, body: { message: 'Not found' } };
    const found = this.alerts.get(decodeURIComponent(match[1]));
    if (!found) return { status: 404, body: { message: 'Alert not found' } };
    const stix = new URL(request.path, 'http://x').searchParams.get('stix');
    if (stix === 'false') {
      const { stix: _omitted, ...rest } = found;
      return { status: 200, body: rest };
    }
    return { status: 200, body: found };
  }
}

export async function startFakeSekoia(apiKey?: string): Promise<FakeSekoia> {
  return new FakeSekoia(apiKey).start();
}
