/**
 * The TheHive API requests, as data (method, path, body). The client sends them; a function's
 * dry run shows them as they would be sent. TheHive 4 and 5 both serve these /api/v1 routes,
 * except adding observables to an alert (see addAlertObservables).
 */
import type { InputCreateAlert, InputCreateTask, InputObservable, InputUpdateCase } from './types.js';

/** The TheHive major version the requests are for (`thehive.version`). */
export type TheHiveApiVersion = 4 | 5;

/** The fields of TheHive 4's v1 InputObservable (it has no `pap`). */
const theHive4ObservableFields = ['dataType', 'data', 'message', 'tlp', 'ioc', 'sighted', 'tags'] as const;

const theHive4Observable = (observable: InputObservable): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const field of theHive4ObservableFields) if (observable[field] !== undefined) body[field] = observable[field];
  return body;
};

export interface TheHiveRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** path below TheHive's base URL, starting with /api/v1 */
  path: string;
  body?: unknown;
}

const id = (value: string) => encodeURIComponent(value);

/** One `_eq` per field, combined with `_and` (the form TheHive 4 and 5 both parse). */
const equalAll = (fields: Record<string, string>) => ({
  _and: Object.entries(fields).map(([field, value]) => ({ _eq: { _field: field, _value: value } })),
});

export const theHiveRequests = {
  /**
   * TheHive 5 creates the alert with its observables in one request. TheHive 4's v1 alert input has
   * no `observables` (it would drop them silently): they are sent after, by addAlertObservables.
   */
  createAlert: (alert: InputCreateAlert, version: TheHiveApiVersion = 5): TheHiveRequest => {
    if (version === 5) return { method: 'POST', path: '/api/v1/alert', body: alert };
    const { observables: _sentAfter, ...fields } = alert;
    return { method: 'POST', path: '/api/v1/alert', body: fields };
  },

  /**
   * TheHive 5: POST /api/v1/alert/{id}/observable. TheHive 4 has no such route: its v1 router adds
   * an alert's observables at /api/v1/alert/{id}/artifact, with its own observable fields.
   */
  addAlertObservables: (alertId: string, observables: InputObservable[], version: TheHiveApiVersion = 5): TheHiveRequest[] =>
    // TheHive creates one observable per request body (its `data` may be an array of one type);
    // one request per observable keeps messages and tags per value.
    observables.map((observable) =>
      version === 5
        ? { method: 'POST', path: `/api/v1/alert/${id(alertId)}/observable`, body: observable }
        : { method: 'POST', path: `/api/v1/alert/${id(alertId)}/artifact`, body: theHive4Observable(observable) },
    ),

  findAlertBySourceRef: (key: { type: string; source: string; sourceRef: string }): TheHiveRequest => ({
    method: 'POST',
    path: '/api/v1/query',
    body: {
      query: [
        { _name: 'listAlert' },
        { _name: 'filter', ...equalAll({ type: key.type, source: key.source, sourceRef: key.sourceRef }) },
        { _name: 'page', from: 0, to: 1 },
      ],
    },
  }),

  alertObservables: (alertId: string): TheHiveRequest => ({
    method: 'POST',
    path: '/api/v1/query',
    body: { query: [{ _name: 'getAlert', idOrName: alertId }, { _name: 'observables' }] },
  }),

  getCase: (idOrNumber: string): TheHiveRequest => ({ method: 'GET', path: `/api/v1/case/${id(idOrNumber)}` }),

  updateCase: (idOrNumber: string, changes: InputUpdateCase): TheHiveRequest => ({
    method: 'PATCH',
    path: `/api/v1/case/${id(idOrNumber)}`,
    body: changes,
  }),

  createTask: (caseId: string, task: InputCreateTask): TheHiveRequest => ({
    method: 'POST',
    path: `/api/v1/case/${id(caseId)}/task`,
    body: task,
  }),

  addTaskLog: (taskId: string, message: string): TheHiveRequest => ({
    method: 'POST',
    path: `/api/v1/task/${id(taskId)}/log`,
    body: { message },
  }),

  addCaseComment: (caseId: string, message: string): TheHiveRequest => ({
    method: 'POST',
    path: `/api/v1/case/${id(caseId)}/comment`,
    body: { message },
  }),

  findUserByEmail: (email: string): TheHiveRequest => ({
    method: 'POST',
    path: '/api/v1/query',
    body: { query: [{ _name: 'listUser' }, { _name: 'filter', _eq: { _field: 'email', _value: email } }, { _name: 'page', from: 0, to: 1 }] },
  }),

  /** GET /api/v1/user/{login or id}: 404 when there is no such user */
  getUser: (login: string): TheHiveRequest => ({ method: 'GET', path: `/api/v1/user/${id(login)}` }),

  currentUser: (): TheHiveRequest => ({ method: 'GET', path: '/api/v1/user/current' }),
};
