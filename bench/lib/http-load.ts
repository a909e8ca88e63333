/**
 * Officers at once over HTTP: the application served on a free local port (the same routes, guard and database the
 * server uses), an officer signed in, and autocannon sending the same request from many connections; each
 * response's time is kept, so that the p95 is read the same way as the other figures.
 */
import autocannon from 'autocannon';
import type { DatabaseHandle } from '../../src/platform/db';
import { loadConfig } from '../../src/platform/config';
import { createApp } from '../../src/server';
import { SESSION_COOKIE } from '../../src/platform/http';
import { percentile } from './measure';

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  max: number;
  requestsPerS: number;
}

/** Serves the app, signs `username` in, and sends `requests` GETs of `path` from `connections` clients at once. */
export async function concurrentGets(
  handle: DatabaseHandle,
  login: { username: string; password: string },
  path: string,
  options: { connections: number; requests: number },
): Promise<LoadResult> {
  const app = await createApp(handle, loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { web: false });
  try {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(login),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error('login gave no session cookie');
    const times: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${address}${path}`,
          connections: options.connections,
          amount: options.requests,
          headers: { cookie },
        },
        (error, done) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
    });
    return {
      requests: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: Math.max(...times),
      requestsPerS: result.requests.average,
    };
  } finally {
    await app.close();
  }
}
