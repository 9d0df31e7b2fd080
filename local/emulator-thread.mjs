/**
 * The emulators' thread (started by emulators.ts): fauxqs and dynalite on their own event
 * loop, so the relay's loop does only the relay's work (HTTP, SDK clients, handlers) and the
 * emulators use another core. Plain JavaScript: a worker thread gets no TypeScript loader
 * under vitest.
 *
 * Two ways in, serving the same API requests:
 *  - HTTP on 127.0.0.1 (only: the emulators accept any credentials), for the CLI, tests and
 *    anything outside the relay's process;
 *  - the `requests` MessagePort, for the relay's own SDK clients (emulator-transport.ts): the
 *    SDK's signed request, as it would go on the wire, handed to the same request handlers
 *    without a socket, an HTTP parser or a syscall on either side.
 *
 *   workerData: { dataPath?: string, sqsPort: number, dynamoPort: number, requests: MessagePort }
 *   → parent: { type: 'ready', sqsPort, dynamoPort } | { type: 'error', message, code }
 *   ← parent: { type: 'stop' } → { type: 'stopped' } once both servers are closed
 *   ← requests: { id, service: 'sqs' | 'dynamodb', method, path, headers, body }
 *   → requests: { id, status, headers, body } | { id, error }
 */
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from 'fauxqs';
import dynalite from 'dynalite';

const { dataPath, sqsPort, dynamoPort, requests } = workerData;

async function start() {
  // fauxqs' startFauxqs listens on every interface; the relay's queues stay on loopback
  const sqsApp = buildApp({ logger: false });
  await sqsApp.listen({ port: sqsPort, host: '127.0.0.1' });
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataPath ? { path: dataPath } : {}) });
  try {
    await new Promise((resolve, reject) => {
      dynamoServer.once('error', reject);
      dynamoServer.listen(dynamoPort, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await sqsApp.close();
    throw error;
  }
  const dynamoHandler = dynamoServer.listeners('request')[0];
  requests?.on('message', (request) => {
    const answer = request.service === 'sqs' ? viaFastify(sqsApp, request) : viaListener(dynamoHandler, request);
    answer.then(
      (response) => requests.postMessage({ id: request.id, ...response }),
      (error) => requests.postMessage({ id: request.id, error: error?.message ?? String(error) }),
    );
  });
  parentPort.on('message', async (message) => {
    if (message?.type !== 'stop') return;
    requests?.close();
    dynamoServer.closeAllConnections();
    await Promise.all([sqsApp.close(), new Promise((resolve) => dynamoServer.close(() => resolve()))]);
    // pending long polls may still hold timers: the parent terminates the thread
    parentPort.postMessage({ type: 'stopped' });
  });
  parentPort.postMessage({ type: 'ready', sqsPort: sqsApp.server.address().port, dynamoPort: dynamoServer.address().port });
}

/** fauxqs is a Fastify app: inject() runs its routing, parsers and hooks without a socket */
async function viaFastify(app, request) {
  const response = await app.inject({ method: request.method, url: request.path, headers: request.headers, payload: request.body });
  return { status: response.statusCode, headers: stringHeaders(response.headers), body: response.body };
}

/**
 * dynalite is a node:http request listener that reads `req` as a stream of chunks and answers
 * with `res.statusCode`, `res.setHeader` and `res.end`: the least of IncomingMessage and
 * ServerResponse it needs.
 */
function viaListener(listener, request) {
  return new Promise((resolve) => {
    const req = Object.assign(new EventEmitter(), { method: request.method, url: request.path, headers: request.headers });
    const headers = {};
    const res = {
      statusCode: 200,
      setHeader(name, value) {
        headers[name.toLowerCase()] = String(value);
      },
      getHeader(name) {
        return headers[name.toLowerCase()];
      },
      end(body) {
        resolve({ status: res.statusCode, headers, body: body === undefined ? '' : String(body) });
      },
    };
    listener(req, res);
    if (request.body) req.emit('data', Buffer.from(request.body));
    req.emit('end');
  });
}

function stringHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

start().catch((error) => {
  parentPort.postMessage({ type: 'error', message: error?.message ?? String(error), code: error?.code });
});
