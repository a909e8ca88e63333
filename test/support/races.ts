/**
 * Two people doing the same thing at the same moment. On PostgreSQL the calls run at once, each on its own connection;
 * on PGlite (one connection, one transaction at a time) one after the other, and the same answers must hold.
 */
import { expect } from 'vitest';
import type { DatabaseHandle } from '../../src/platform/db';
import { AppError } from '../../src/platform/errors';

export async function race<T>(
  handle: DatabaseHandle,
  calls: readonly (() => Promise<T>)[],
): Promise<PromiseSettledResult<T>[]> {
  if (handle.kind === 'postgres') return Promise.allSettled(calls.map((call) => call()));
  const settled: PromiseSettledResult<T>[] = [];
  for (const call of calls)
    settled.push(
      await call().then(
        (value): PromiseFulfilledResult<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }),
      ),
    );
  return settled;
}

/** The one call that went through and the error of the other; fails unless exactly one won. */
export function oneWinner<T>(settled: PromiseSettledResult<T>[]): {
  winner: number;
  value: T;
  error: AppError;
} {
  const won = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [i] : []));
  const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  expect(
    won.length,
    `calls that went through: ${won.length}; refusals: ${lost.map((e) => String(e)).join(' | ')}`,
  ).toBe(1);
  const error = lost[0];
  expect(error, String(error)).toBeInstanceOf(AppError);
  return {
    winner: won[0]!,
    value: (settled[won[0]!] as PromiseFulfilledResult<T>).value,
    error: error as AppError,
  };
}
