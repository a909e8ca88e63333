/**
 * The worker thread in which `congdoan serve` loads the demo into an empty database (serve.ts loadDemoInWorker):
 * opens the configured database, loads the demo, tells the server how far it is, closes the database.
 */
import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../platform/config';
import { openPreparedDatabase } from '../server';
import { loadDemoWithProgress } from './demo';
import type { DemoWorkerMessage } from './serve';

const tell = (message: DemoWorkerMessage) => parentPort!.postMessage(message);

try {
  const handle = await openPreparedDatabase(loadConfig());
  let loaded: { units: number; members: number };
  try {
    loaded = await loadDemoWithProgress(handle, 1, (progress) => tell({ kind: 'progress', progress }));
  } finally {
    await handle.close();
  }
  tell({ kind: 'loaded', units: loaded.units, members: loaded.members });
} catch (error) {
  tell({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
