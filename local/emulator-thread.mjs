/**
 * The emulators' thread (started by emulators.ts): fauxqs and dynalite listening on 127.0.0.1,
 * on their own event loop, so the relay's loop does only the relay's work (HTTP, SDK
 * clients, handlers) and the emulators use another core. Plain JavaScript: a worker thread
 * gets no TypeScript loader under vitest.
 *
 *   workerData: { dataPath?: string, sqsPort: number, dynamoPort: number }
 *   → parent: { type: 'ready', sqsPort, dynamoPort } | { type: 'error', message, code }
 *   ← parent: { type: 'stop' } → { type: 'stopped' } once both servers are closed
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFauxqs } from 'fauxqs';
import dynalite from 'dynalite';

const { dataPath, sqsPort, dynamoPort } = workerData;

async function start() {
  const fauxqs = await startFauxqs({ port: sqsPort, logger: false });
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataPath ? { path: dataPath } : {}) });
  try {
    await new Promise((resolve, reject) => {
      dynamoServer.once('error', reject);
      dynamoServer.listen(dynamoPort, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await fauxqs.stop();
    throw error;
  }
  parentPort.on('message', async (message) => {
    if (message?.type !== 'stop') return;
    dynamoServer.closeAllConnections();
    await Promise.all([fauxqs.stop(), new Promise((resolve) => dynamoServer.close(() => resolve()))]);
    // pending long polls may still hold timers: the parent terminates the thread
    parentPort.postMessage({ type: 'stopped' });
  });
  parentPort.postMessage({ type: 'ready', sqsPort: fauxqs.port, dynamoPort: dynamoServer.address().port });
}

start().catch((error) => {
  parentPort.postMessage({ type: 'error', message: error?.message ?? String(error), code: error?.code });
});
