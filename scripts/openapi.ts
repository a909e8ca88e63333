/** Writes the OpenAPI document of the HTTP API to openapi.json (checked in; a test fails when it drifts). */
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/platform/db';
import { loadConfig } from '../src/platform/config';
import { createApp, prepareDatabase } from '../src/server';

export async function buildOpenApiDocument(): Promise<string> {
  const handle = await openDatabase({ kind: 'pglite' });
  await prepareDatabase(handle);
  const app = await createApp(handle, loadConfig({ LOG_LEVEL: 'silent' }), { web: false });
  const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
  await app.close();
  await handle.close();
  return `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('openapi.json', await buildOpenApiDocument());
  console.log('Đã ghi openapi.json');
}
