/** Timing helpers for the benchmarks: the machine, percentiles, and time spent per SQL statement. */
import os from 'node:os';
import pg from 'pg';
import type { DatabaseHandle } from '../../src/platform/db';

export function machine(): string {
  const cpus = os.cpus();
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return [
    `CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores`,
    `memory: ${gib(os.totalmem())} (free ${gib(os.freemem())})`,
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `node ${process.version}, ${os.platform()} ${os.release()}`,
  ].join('\n');
}

export function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** Nearest-rank percentile of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Timing {
  label: string;
  p50: number;
  p95: number;
  max: number;
  rows: number;
}

/**
 * Runs `sample(i)` `count` times after a warm-up and returns its latency percentiles and average rows. The warm-up
 * runs `sample(count + i)` for i below `warmups` (20 by default); its times are kept apart in `warmup`.
 */
export async function timeSamples(
  label: string,
  count: number,
  sample: (i: number) => Promise<number>,
  warmups = Math.min(20, count),
): Promise<Timing & { warmup: number[] }> {
  const warmup: number[] = [];
  for (let i = 0; i < warmups; i += 1) {
    const start = performance.now();
    await sample(count + i);
    warmup.push(performance.now() - start);
  }
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    rows += await sample(i);
    times.push(performance.now() - start);
  }
  return {
    label,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
    rows: rows / count,
    warmup,
  };
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
export const int = (value: number) => Math.round(value).toLocaleString('en-US');

interface StatementStats {
  count: number;
  ms: number;
}

/**
 * Counts the time spent in each SQL statement (by its text) while a phase runs, on either driver. It wraps the
 * driver's query functions: PGlite's instance (and the transaction objects it hands out), node-postgres' Client.
 */
export class StatementProfile {
  private phase: string | null = null;
  private readonly stats = new Map<string, Map<string, StatementStats>>();
  private restore: (() => void) | null = null;

  constructor(handle: DatabaseHandle) {
    const record = (text: string, start: number) => {
      if (!this.phase) return;
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 150);
      const phase = this.stats.get(this.phase) ?? new Map<string, StatementStats>();
      this.stats.set(this.phase, phase);
      const s = phase.get(key) ?? { count: 0, ms: 0 };
      s.count += 1;
      s.ms += performance.now() - start;
      phase.set(key, s);
    };
    type QueryFn = (...args: unknown[]) => unknown;
    const wrap = (target: Record<string, unknown>, name: string) => {
      const original = target[name] as QueryFn;
      target[name] = async function (this: unknown, text: string, ...rest: unknown[]) {
        const start = performance.now();
        try {
          return (await original.call(this, text, ...rest)) as unknown;
        } finally {
          record(text, start);
        }
      };
    };
    if (handle.pglite) {
      const client = handle.pglite as unknown as Record<string, unknown>;
      const transaction = client.transaction as (cb: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
      wrap(client, 'query');
      wrap(client, 'exec');
      client.transaction = (cb: (tx: unknown) => Promise<unknown>) =>
        transaction.call(client, (tx: unknown) => {
          wrap(tx as Record<string, unknown>, 'query');
          wrap(tx as Record<string, unknown>, 'exec');
          return cb(tx);
        });
      return;
    }
    const proto = pg.Client.prototype as unknown as Record<string, unknown>;
    const original = proto.query as QueryFn;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const config = args[0];
      const text =
        typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '');
      const start = performance.now();
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = function (this: unknown, ...cbArgs: unknown[]) {
          record(text, start);
          return (last as QueryFn).apply(this, cbArgs);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) return result.finally(() => record(text, start));
      // COPY … FROM STDIN (pg-copy-streams): a writable stream that finishes when the server has taken every row.
      const stream = result as { once?: (event: string, listener: () => void) => void } | undefined;
      if (typeof stream?.once === 'function') {
        let recorded = false;
        const done = () => {
          if (!recorded) record(text, start);
          recorded = true;
        };
        stream.once('finish', done);
        stream.once('error', done);
      }
      return result;
    };
    this.restore = () => {
      proto.query = original;
    };
  }

  /** Attributes the statements that follow to `phase` (null stops counting). */
  start(phase: string | null): void {
    this.phase = phase;
  }

  top(
    phase: string,
    limit: number,
  ): { statement: string; count: number; totalS: number; avgMs: number; share: number }[] {
    const stats = [...(this.stats.get(phase) ?? new Map<string, StatementStats>()).entries()];
    const total = stats.reduce((a, [, s]) => a + s.ms, 0);
    return stats
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, limit)
      .map(([statement, s]) => ({
        statement,
        count: s.count,
        totalS: s.ms / 1000,
        avgMs: s.ms / s.count,
        share: s.ms / total,
      }));
  }

  totals(phase: string): { statements: number; totalS: number } {
    const stats = [...(this.stats.get(phase) ?? new Map<string, StatementStats>()).values()];
    return {
      statements: stats.reduce((a, s) => a + s.count, 0),
      totalS: stats.reduce((a, s) => a + s.ms, 0) / 1000,
    };
  }

  detach(): void {
    this.restore?.();
  }
}
