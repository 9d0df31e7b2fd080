/**
 * Fake Cortex 3 API: bearer API key; `POST /api/analyzer/_search` and `/api/responder/_search`
 * with `{ query: { _field: 'name', _value } }` list the enabled workers of that name (ids are
 * opaque hashes, as in Cortex); `POST /api/analyzer/{id}/run` and `/api/responder/{id}/run`
 * create a Waiting job. Errors as Cortex: 401 AuthenticationError, 404 NotFoundError.
 */
import { RecordingTarget } from './recording-target.js';

export interface CortexWorker {
  id: string;
  name: string;
}

export interface CortexJob {
  id: string;
  workerId: string;
  kind: 'analyzer' | 'responder';
  input: any;
}

export interface CortexFake extends RecordingTarget {
  jobs: CortexJob[];
}

export async function startCortexFake(options: { apiKey: string; analyzers?: CortexWorker[]; responders?: CortexWorker[] }): Promise<CortexFake> {
  const jobs: CortexJob[] = [];
  const workers = { analyzer: options.analyzers ?? [], responder: options.responders ?? [] };
  const target = new RecordingTarget((request) => {
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) return { status: 401, body: { type: 'AuthenticationError', message: 'Authentication failure' } };
    const [path] = request.path.split('?');
    const search = path.match(/^\/api\/(analyzer|responder)\/_search$/);
    if (search && request.method === 'POST') {
      const query = request.json?.query ?? {};
      const found = workers[search[1] as 'analyzer' | 'responder'].filter((w) => query._field !== 'name' || w.name === query._value);
      return { status: 200, body: found.map((w) => ({ id: w.id, name: w.name, dataTypeList: [] })) };
    }
    const run = path.match(/^\/api\/(analyzer|responder)\/([^/]+)\/run$/);
    if (run && request.method === 'POST') {
      const kind = run[1] as 'analyzer' | 'responder';
      const worker = workers[kind].find((w) => w.id === run[2]);
      if (!worker) return { status: 404, body: { type: 'NotFoundError', message: `${kind} ${run[2]} not found` } };
      const job: CortexJob = { id: `job-${jobs.length + 1}`, workerId: worker.id, kind, input: request.json };
      jobs.push(job);
      return { status: 200, body: { id: job.id, status: 'Waiting', [`${kind}Id`]: worker.id, [`${kind}Name`]: worker.name } };
    }
    return { status: 404, body: { type: 'NotFoundError', message: 'not found' } };
  });
  await target.start();
  return Object.assign(target, { jobs });
}
