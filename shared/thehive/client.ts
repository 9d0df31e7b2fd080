/**
 * TheHive API client over the HttpClient port: Bearer API key, optional X-Organisation, the
 * /api/v1 routes TheHive 4 and 5 share, and errors classified (see errors.ts).
 */
import { HttpTransportError, type HttpClient, type HttpResponse } from '../ports.js';
import { TheHiveError, errorFromResponse } from './errors.js';
import { theHiveRequests, type TheHiveApiVersion, type TheHiveRequest } from './requests.js';
import type {
  InputCreateAlert,
  InputCreateTask,
  InputObservable,
  InputUpdateCase,
  TheHiveAlert,
  TheHiveCase,
  TheHiveObject,
  TheHiveObservable,
  TheHiveUser,
} from './types.js';

export interface TheHiveClientOptions {
  /** base URL, e.g. https://thehive.example.org (a path prefix is kept) */
  url: string;
  /** the resolved API key (never logged) */
  apiKey: string;
  organisation?: string;
  http: HttpClient;
  /** per request; default 10 000 */
  timeoutMs?: number;
  /** `thehive.version`: 4 adds an alert's observables after creating it, through its artifact route; default 5 */
  version?: TheHiveApiVersion;
}

export interface AddObservablesResult {
  added: TheHiveObservable[];
  /** observables TheHive refused because the alert already has them */
  alreadyPresent: number;
}

export interface CreateAlertResult {
  alert: TheHiveAlert;
  /** observables TheHive stored with the alert */
  observablesAdded: number;
}

export class TheHiveClient {
  private readonly base: string;
  private readonly version: TheHiveApiVersion;

  constructor(private readonly options: TheHiveClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.version = options.version ?? 5;
  }

  /** Send one request; 2xx → parsed JSON body (undefined when empty), else a TheHiveError. */
  async send<T = unknown>(request: TheHiveRequest, what: string): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
    };
    if (this.options.organisation) headers['x-organisation'] = this.options.organisation;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: HttpResponse;
    try {
      response = await this.options.http.send({
        method: request.method,
        url: this.base + request.path,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      if (error instanceof HttpTransportError) {
        const kind = error.kind === 'blocked' ? 'configuration' : 'transient';
        throw new TheHiveError(kind, `TheHive ${what}: ${error.kind}: ${error.message}`);
      }
      throw error;
    }
    if (response.status < 200 || response.status > 299) throw errorFromResponse(response.status, response.body, what);
    if (!response.body.trim()) return undefined as T;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new TheHiveError('permanent', `TheHive ${what}: HTTP ${response.status} with a body that is not JSON (is thehive.url the API?)`, response.status);
    }
  }

  /**
   * POST /api/v1/alert → the created alert and how many observables TheHive stored with it; a
   * duplicate (type, source, sourceRef) → TheHiveError `already-exists`. TheHive 5 takes the
   * observables in the alert; TheHive 4 would drop them, so they are added one by one after.
   */
  async createAlert(alert: InputCreateAlert): Promise<CreateAlertResult> {
    const created = await this.send<TheHiveAlert>(theHiveRequests.createAlert(alert, this.version), 'create alert');
    const observables = alert.observables ?? [];
    if (this.version === 5 || !observables.length) return { alert: created, observablesAdded: this.version === 5 ? observables.length : 0 };
    const { added } = await this.addObservables(created._id, observables);
    return { alert: created, observablesAdded: added.length };
  }

  /** One request per observable (TheHive 5 …/observable, TheHive 4 …/artifact); ones the alert already has are counted, not failed. */
  async addObservables(alertId: string, observables: InputObservable[]): Promise<AddObservablesResult> {
    const result: AddObservablesResult = { added: [], alreadyPresent: 0 };
    for (const request of theHiveRequests.addAlertObservables(alertId, observables, this.version)) {
      try {
        const created = await this.send<TheHiveObservable[] | TheHiveObservable>(request, 'add observable');
        result.added.push(...(Array.isArray(created) ? created : created ? [created] : []));
      } catch (error) {
        if (error instanceof TheHiveError && error.kind === 'already-exists') result.alreadyPresent += 1;
        else throw error;
      }
    }
    return result;
  }

  async findAlertBySourceRef(key: { type: string; source: string; sourceRef: string }): Promise<TheHiveAlert | undefined> {
    const found = await this.send<TheHiveAlert[]>(theHiveRequests.findAlertBySourceRef(key), 'find alert');
    return Array.isArray(found) ? found[0] : undefined;
  }

  async alertObservables(alertId: string): Promise<TheHiveObservable[]> {
    const found = await this.send<TheHiveObservable[]>(theHiveRequests.alertObservables(alertId), 'list alert observables');
    return Array.isArray(found) ? found : [];
  }

  getCase(idOrNumber: string): Promise<TheHiveCase> {
    return this.send<TheHiveCase>(theHiveRequests.getCase(idOrNumber), 'get case');
  }

  /** PATCH /api/v1/case/{id}; TheHive answers 204 with no body. */
  async updateCase(idOrNumber: string, changes: InputUpdateCase): Promise<void> {
    await this.send(theHiveRequests.updateCase(idOrNumber, changes), 'update case');
  }

  createTask(caseId: string, task: InputCreateTask): Promise<TheHiveObject> {
    return this.send<TheHiveObject>(theHiveRequests.createTask(caseId, task), 'create task');
  }

  addTaskLog(taskId: string, message: string): Promise<TheHiveObject> {
    return this.send<TheHiveObject>(theHiveRequests.addTaskLog(taskId, message), 'add task log');
  }

  addCaseComment(caseId: string, message: string): Promise<TheHiveObject> {
    return this.send<TheHiveObject>(theHiveRequests.addCaseComment(caseId, message), 'add case comment');
  }

  /**
   * The user with this email address: by TheHive's `email` field, else the user whose login is
   * the address (TheHive 4 users have no email; in TheHive 5 it is optional and the login is
   * usually the address). undefined when neither matches.
   */
  async findUserByEmail(email: string): Promise<TheHiveUser | undefined> {
    let found: TheHiveUser[] | undefined;
    try {
      found = await this.send<TheHiveUser[]>(theHiveRequests.findUserByEmail(email), 'find user');
    } catch (error) {
      // a TheHive whose users have no `email` property may refuse the filter (400): try the login
      if (!(error instanceof TheHiveError && error.kind === 'permanent' && error.status === 400)) throw error;
    }
    if (Array.isArray(found) && found[0]) return found[0];
    try {
      // TheHive stores logins in lower case
      const user = await this.send<TheHiveUser | undefined>(theHiveRequests.getUser(email.toLowerCase()), 'get user');
      // an answer without a login names no user the case could be assigned to
      return user && typeof user.login === 'string' && user.login ? user : undefined;
    } catch (error) {
      if (error instanceof TheHiveError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  currentUser(): Promise<TheHiveUser> {
    return this.send<TheHiveUser>(theHiveRequests.currentUser(), 'current user');
  }
}
