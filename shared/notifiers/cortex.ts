/**
 * `cortex`: run Cortex analyzers on a new observable, or responders on a case, alert, task,
 * observable or task log, the way TheHive's RunAnalyzer / RunResponder notifiers do, but
 * straight against the Cortex API (Cortex 2/3, `Authorization: Bearer <API key>`).
 *
 * Cortex runs a worker by its id in the organisation (an opaque hash), not by its name, so
 * each configured name is looked up first (`POST /api/{analyzer|responder}/_search` with
 * `{ query: { _field: 'name', _value } }`, as cortex4py's get_by_name does) and the run request
 * (`POST /api/{analyzer|responder}/{id}/run`) is completed with the id found.
 *   - analyzer run body: `{ data, dataType, tlp, pap, message? }` (file observables need a
 *     multipart upload of the attachment, which the relay does not have: they are skipped);
 *   - responder run body: `{ responderId, label, dataType: 'thehive:<type>', data: <object>,
 *     tlp, pap, message, parameters }`, the shape TheHive itself sends (seen on the wire;
 *     not in Cortex's API guide).
 * The run answers a job (`{ id, status: 'Waiting' }`); the relay does not wait for reports.
 */
import type { HttpResponse } from '../ports.js';
import type { NotifierType, OutboundRequest, Outcome } from './types.js';
import type { CortexNotifierConfig } from './schemas/cortex.js';
import type { RelayEvent } from '../events/model.js';
import { jsonAnswer, statusOutcome } from './answer.js';
import { joinUrl } from './values.js';

type Json = Record<string, unknown>;
type Kind = 'analyzer' | 'responder';

/** Placeholder for the worker id in a run URL, filled in by `complete`. */
const WORKER_ID = '{workerId}';

/** TheHive object type → the Cortex data type a responder declares. */
const responderDataTypes: Record<string, string> = {
  Case: 'thehive:case',
  Alert: 'thehive:alert',
  Task: 'thehive:case_task',
  Observable: 'thehive:case_artifact',
  Log: 'thehive:case_task_log',
};

const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

function lookup(config: CortexNotifierConfig, headers: Record<string, string>, kind: Kind, name: string): OutboundRequest {
  return {
    key: `find-${kind}:${name}`,
    method: 'POST',
    url: `${joinUrl(config.url, `api/${kind}/_search`)}?range=0-1`,
    headers,
    body: JSON.stringify({ query: { _field: 'name', _value: name } }),
    timeoutMs: config.timeoutSeconds * 1000,
  };
}

function run(config: CortexNotifierConfig, headers: Record<string, string>, kind: Kind, name: string, body: Json): OutboundRequest {
  const force = kind === 'analyzer' && config.force ? '?force=1' : '';
  return {
    key: `run-${kind}:${name}`,
    dependsOn: `find-${kind}:${name}`,
    method: 'POST',
    url: `${joinUrl(config.url, `api/${kind}/${WORKER_ID}/run`)}${force}`,
    headers,
    body: JSON.stringify(body),
    timeoutMs: config.timeoutSeconds * 1000,
  };
}

/** The observable to analyze, or undefined when there is none (or it is a file). */
function analyzable(event: RelayEvent): Json | undefined {
  if (event.objectType !== 'Observable' || event.action !== 'create' || !event.object) return undefined;
  const { data, dataType } = event.object;
  if (typeof data !== 'string' || data === '' || typeof dataType !== 'string' || dataType === 'file') return undefined;
  const body: Json = { data, dataType, tlp: num(event.object.tlp, 2), pap: num(event.object.pap, 2) };
  if (typeof event.object.message === 'string' && event.object.message) body.message = event.object.message;
  return body;
}

function respondable(event: RelayEvent): Json | undefined {
  const dataType = responderDataTypes[event.objectType];
  if (!dataType || !event.object || event.action === 'delete') return undefined;
  const object = event.object;
  const id = typeof object._id === 'string' ? object._id : event.objectId;
  const label = [object.title, object.data, object.message].find((v) => typeof v === 'string' && v !== '') ?? `${event.objectType} ${id}`;
  return {
    label,
    dataType,
    data: { ...object, _id: id, id: typeof object.id === 'string' ? object.id : id },
    tlp: num(object.tlp, 2),
    pap: num(object.pap, 2),
    message: '',
    parameters: { user: event._createdBy ?? 'hive-relay' },
  };
}

/** The worker id from a lookup answer (a JSON array of workers). */
function workerIdOf(response: HttpResponse | undefined): string | undefined {
  const found = response ? jsonAnswer(response) : undefined;
  const first = Array.isArray(found) ? (found[0] as Json | undefined) : undefined;
  return typeof first?.id === 'string' && first.id ? first.id : undefined;
}

export const cortexNotifier: NotifierType<CortexNotifierConfig> = {
  type: 'cortex',
  render(event, config, ctx) {
    const headers = { authorization: `Bearer ${ctx.secret(config.apiKey)}`, 'content-type': 'application/json' };
    const requests: OutboundRequest[] = [];
    const observable = config.analyzers ? analyzable(event) : undefined;
    if (observable) for (const name of config.analyzers!) requests.push(lookup(config, headers, 'analyzer', name), run(config, headers, 'analyzer', name, observable));
    const target = config.responders ? respondable(event) : undefined;
    if (target) for (const name of config.responders!) requests.push(lookup(config, headers, 'responder', name), run(config, headers, 'responder', name, target));
    return requests;
  },
  complete(request, earlier) {
    const id = workerIdOf(earlier[request.dependsOn!]);
    if (!id) throw new Error(`${request.key}: the Cortex lookup gave no worker id`);
    const body = JSON.parse(request.body ?? '{}') as Json;
    if (request.key.startsWith('run-responder:')) body.responderId = id;
    return { ...request, url: request.url.replace(WORKER_ID, encodeURIComponent(id)), body: JSON.stringify(body) };
  },
  outcome(response, request): Outcome {
    if (request.key.startsWith('find-') && response.status === 200 && !workerIdOf(response)) {
      const [step, name] = [request.key.slice('find-'.length, request.key.indexOf(':')), request.key.slice(request.key.indexOf(':') + 1)];
      return { kind: 'permanent', reason: `Cortex has no enabled ${step} named ${name} (in the API key's organisation)` };
    }
    return statusOutcome(`Cortex ${request.key}`, response, request);
  },
};
