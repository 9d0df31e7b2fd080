/**
 * A fake TheHive 5 API on 127.0.0.1 speaking the /api/v1 routes the relay uses, with TheHive's
 * answers: alerts unique per (type, source, sourceRef) (a duplicate gets HTTP 400 with a
 * CreateError "… already exist …", not 409), observables per alert, the query API for
 * listAlert / getAlert+observables / listUser with `_eq` / `_and` filters, users by login
 * (GET /api/v1/user/{login}), cases, tasks, logs and
 * comments. Failures can be scripted with `answerNext` (e.g. 503, 401) before the real behaviour.
 * With `version: 4` its alert routes answer as TheHive 4's v1 API does: `observables` in a new
 * alert are dropped (its InputAlert has none), and an alert's observables are added at
 * POST /api/v1/alert/{id}/artifact (there is no …/observable route).
 */
import { RecordingTarget, type RecordedRequest, type ScriptedAnswer } from './recording-target.js';

export interface FakeAlert {
  _id: string;
  _type: 'Alert';
  type: string;
  source: string;
  sourceRef: string;
  title: string;
  description: string;
  severity: number;
  date: number;
  tags: string[];
  tlp: number;
  pap: number;
  [field: string]: unknown;
}

export interface FakeObservable {
  _id: string;
  _type: 'Observable';
  dataType: string;
  data: string;
  message?: string;
  tags: string[];
  alertId: string;
}

export interface FakeTheHiveOptions {
  apiKey?: string;
  /** organisations the key may act in; X-Organisation outside them gets 403 */
  organisations?: string[];
  /** the TheHive major version whose alert routes it speaks; default 5 */
  version?: 4 | 5;
}

/** The fields TheHive 4's v1 InputObservable reads; others are ignored. */
const theHive4ObservableFields = ['dataType', 'data', 'message', 'startDate', 'tlp', 'ioc', 'sighted', 'ignoreSimilarity', 'tags'];

const error = (status: number, type: string, message: string): ScriptedAnswer => ({ status, body: { type, message } });

export class FakeTheHive extends RecordingTarget {
  readonly alerts: FakeAlert[] = [];
  readonly observables: FakeObservable[] = [];
  /** without `email` as in TheHive 4 (its users have none) or a TheHive 5 user who was given none */
  readonly users: Array<{ _id: string; login: string; name: string; email?: string }> = [];
  readonly cases = new Map<string, Record<string, unknown>>();
  readonly tasks: Array<Record<string, unknown>> = [];
  readonly logs: Array<{ taskId: string; message: string }> = [];
  readonly comments: Array<{ caseId: string; message: string }> = [];
  private counter = 0;

  constructor(readonly options: FakeTheHiveOptions = {}) {
    super((request) => this.route(request));
  }

  get version(): 4 | 5 {
    return this.options.version ?? 5;
  }

  get apiKey() {
    return this.options.apiKey ?? 'thehive-api-key';
  }

  /** requests to one route, e.g. `POST /api/v1/alert` */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.split('?')[0].startsWith(pathPrefix));
  }

  /** forget requests, scripted answers and every stored object */
  override reset(): void {
    super.reset();
    this.alerts.length = 0;
    this.observables.length = 0;
    this.users.length = 0;
    this.cases.clear();
    this.tasks.length = 0;
    this.logs.length = 0;
    this.comments.length = 0;
  }

  observablesOf(alertId: string): FakeObservable[] {
    return this.observables.filter((o) => o.alertId === alertId);
  }

  addUser(login: string, email?: string, name = login) {
    this.users.push({ _id: this.nextId(), login, name, ...(email !== undefined ? { email } : {}) });
  }

  addCase(fields: Record<string, unknown> = {}): string {
    const id = this.nextId();
    const number = this.cases.size + 1;
    this.cases.set(id, { _id: id, _type: 'Case', number, title: 'A case', status: 'New', severity: 2, tags: [], ...fields });
    return id;
  }

  private nextId() {
    this.counter += 1;
    return `~${4096 * this.counter}`;
  }

  private route(request: RecordedRequest): ScriptedAnswer {
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) return error(401, 'AuthenticationError', 'Authentication failure');
    const organisation = request.headers['x-organisation'];
    if (organisation && this.options.organisations && !this.options.organisations.includes(organisation)) {
      return error(403, 'AuthorizationError', `Your are not authorized to access organisation ${organisation}`);
    }
    const path = request.path.split('?')[0];
    const body = request.json ?? {};
    let match: RegExpExecArray | null;
    if (request.method === 'POST' && path === '/api/v1/alert') return this.createAlert(body, organisation ?? 'admin');
    if (request.method === 'POST' && (match = /^\/api\/v1\/alert\/([^/]+)\/(observable|artifact)$/.exec(path))) {
      // TheHive 5 adds an alert's observables at …/observable, TheHive 4 at …/artifact
      const route = this.version === 4 ? 'artifact' : 'observable';
      if (match[2] === route) return this.version === 4 ? this.addArtifact(decodeURIComponent(match[1]), body) : this.addObservable(decodeURIComponent(match[1]), body);
    }
    if (request.method === 'POST' && path === '/api/v1/query') return this.query(body);
    if (request.method === 'GET' && path === '/api/v1/user/current') return { status: 200, body: { _id: '~1', login: 'relay@thehive.local', name: 'relay' } };
    if (request.method === 'GET' && (match = /^\/api\/v1\/user\/([^/]+)$/.exec(path))) {
      // TheHive: GET /api/v1/user/{userId} by login or _id; 404 NotFoundError when there is none
      const wanted = decodeURIComponent(match[1]);
      const user = this.users.find((u) => u.login === wanted || u._id === wanted);
      return user ? { status: 200, body: user } : error(404, 'NotFoundError', `User ${wanted} not found`);
    }
    if ((match = /^\/api\/v1\/case\/([^/]+)$/.exec(path))) {
      const found = this.findCase(decodeURIComponent(match[1]));
      if (!found) return error(404, 'NotFoundError', `Case ${match[1]} not found`);
      if (request.method === 'GET') return { status: 200, body: found };
      if (request.method === 'PATCH') {
        Object.assign(found, body);
        return { status: 204 };
      }
    }
    if (request.method === 'POST' && (match = /^\/api\/v1\/case\/([^/]+)\/(task|comment)$/.exec(path))) {
      const found = this.findCase(decodeURIComponent(match[1]));
      if (!found) return error(404, 'NotFoundError', `Case ${match[1]} not found`);
      if (match[2] === 'comment') {
        if (typeof body.message !== 'string') return error(400, 'AttributeCheckingError', 'message is missing');
        this.comments.push({ caseId: String(found._id), message: body.message });
        return { status: 201, body: { _id: this.nextId(), message: body.message } };
      }
      if (typeof body.title !== 'string') return error(400, 'AttributeCheckingError', 'title is missing');
      const task = { _id: this.nextId(), _type: 'Task', caseId: found._id, status: 'Waiting', ...body };
      this.tasks.push(task);
      return { status: 201, body: task };
    }
    if (request.method === 'POST' && (match = /^\/api\/v1\/task\/([^/]+)\/log$/.exec(path))) {
      if (!this.tasks.some((t) => t._id === decodeURIComponent(match![1]))) return error(404, 'NotFoundError', `Task ${match[1]} not found`);
      this.logs.push({ taskId: decodeURIComponent(match[1]), message: String(body.message) });
      return { status: 201, body: { _id: this.nextId(), message: body.message } };
    }
    return error(404, 'NotFoundError', `no route ${request.method} ${path}`);
  }

  private findCase(idOrNumber: string) {
    return this.cases.get(idOrNumber) ?? [...this.cases.values()].find((c) => String(c.number) === idOrNumber);
  }

  private createAlert(body: Record<string, any>, organisation: string): ScriptedAnswer {
    for (const field of ['type', 'source', 'sourceRef', 'title', 'description']) {
      if (typeof body[field] !== 'string') return error(400, 'AttributeCheckingError', `Attribute ${field} is missing`);
    }
    if (body.type.length > 32 || body.source.length > 32 || body.sourceRef.length > 128 || body.title.length > 512 || body.description.length > 1_048_576) {
      return error(400, 'AttributeCheckingError', 'Invalid length');
    }
    if (body.severity !== undefined && ![1, 2, 3, 4].includes(body.severity)) return error(400, 'AttributeCheckingError', 'Invalid severity');
    if (this.alerts.some((a) => a.type === body.type && a.source === body.source && a.sourceRef === body.sourceRef)) {
      return error(400, 'CreateError', `Alert ${body.type}:${body.source}:${body.sourceRef} already exist in organisation ${organisation}`);
    }
    const { observables = [], ...fields } = body;
    const alert: FakeAlert = { severity: 2, date: Date.now(), tags: [], tlp: 2, pap: 2, ...fields, _id: this.nextId(), _type: 'Alert' } as unknown as FakeAlert;
    this.alerts.push(alert);
    // TheHive 4's InputAlert has no `observables`: it drops them without a word
    if (this.version === 5) for (const observable of observables as Array<Record<string, any>>) this.storeObservable(alert._id, observable);
    return { status: 201, body: alert };
  }

  private storeObservable(alertId: string, body: Record<string, any>): FakeObservable {
    const observable: FakeObservable = { _id: this.nextId(), _type: 'Observable', tags: [], ...body, alertId } as unknown as FakeObservable;
    this.observables.push(observable);
    return observable;
  }

  private addObservable(alertId: string, body: Record<string, any>): ScriptedAnswer {
    if (!this.alerts.some((a) => a._id === alertId)) return error(404, 'NotFoundError', `Alert ${alertId} not found`);
    if (typeof body.dataType !== 'string' || typeof body.data !== 'string') return error(400, 'AttributeCheckingError', 'dataType and data are required');
    if (this.observablesOf(alertId).some((o) => o.dataType === body.dataType && o.data === body.data)) {
      return error(400, 'CreateError', `Observable ${body.dataType}:${body.data} already exists in alert ${alertId}`);
    }
    return { status: 201, body: [this.storeObservable(alertId, body)] };
  }

  /** TheHive 4: `data` is a string or a list of strings of one dataType, one observable each; 201 with the list created. */
  private addArtifact(alertId: string, body: Record<string, any>): ScriptedAnswer {
    if (!this.alerts.some((a) => a._id === alertId)) return error(404, 'NotFoundError', `Alert ${alertId} not found`);
    const values = Array.isArray(body.data) ? body.data : [body.data];
    if (typeof body.dataType !== 'string' || !values.length || values.some((v: unknown) => typeof v !== 'string')) {
      return error(400, 'AttributeCheckingError', 'dataType and data are required');
    }
    const known = Object.fromEntries(Object.entries(body).filter(([field]) => theHive4ObservableFields.includes(field)));
    const created: FakeObservable[] = [];
    for (const data of values as string[]) {
      if (this.observablesOf(alertId).some((o) => o.dataType === body.dataType && o.data === data)) {
        return error(400, 'CreateError', `Observable ${body.dataType}:${data} already exists in alert ${alertId}`);
      }
      created.push(this.storeObservable(alertId, { ...known, data }));
    }
    return { status: 201, body: created };
  }

  private query(body: Record<string, any>): ScriptedAnswer {
    const ops = body.query;
    if (!Array.isArray(ops) || !ops.length) return error(400, 'BadRequestError', 'query is missing');
    let items: Array<Record<string, unknown>>;
    const [first, ...rest] = ops;
    switch (first._name) {
      case 'listAlert':
        items = this.alerts;
        break;
      case 'listUser':
        items = this.users;
        break;
      case 'getAlert':
        items = this.alerts.filter((a) => a._id === first.idOrName);
        if (!items.length) return error(404, 'NotFoundError', `Alert ${first.idOrName} not found`);
        break;
      default:
        return error(400, 'BadRequestError', `unsupported query ${first._name}`);
    }
    for (const op of rest) {
      if (op._name === 'filter') {
        const { _name, ...filter } = op;
        const test = this.compile(filter);
        if (!test) return error(400, 'BadRequestError', `unsupported filter ${JSON.stringify(filter)}`);
        items = items.filter(test);
      } else if (op._name === 'page') {
        items = items.slice(op.from ?? 0, op.to ?? items.length);
      } else if (op._name === 'observables' && first._name === 'getAlert') {
        items = this.observablesOf(String(items[0]._id)) as unknown as Array<Record<string, unknown>>;
      } else {
        return error(400, 'BadRequestError', `unsupported operation ${op._name}`);
      }
    }
    return { status: 200, body: items };
  }

  private compile(filter: Record<string, any>): ((item: Record<string, unknown>) => boolean) | undefined {
    if (filter._eq && typeof filter._eq._field === 'string') return (item) => item[filter._eq._field] === filter._eq._value;
    if (Array.isArray(filter._and)) {
      const parts: Array<((item: Record<string, unknown>) => boolean) | undefined> = filter._and.map((part: Record<string, any>) => this.compile(part));
      if (parts.some((part) => !part)) return undefined;
      return (item) => parts.every((part) => part!(item));
    }
    return undefined;
  }
}

export async function startFakeTheHive(options: FakeTheHiveOptions = {}): Promise<FakeTheHive> {
  return new FakeTheHive(options).start();
}
