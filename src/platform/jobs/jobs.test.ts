/**
 * Background jobs on the real database (PGlite, or PostgreSQL with TEST_DB=postgres): progress, result and typed
 * errors in the row, retry, one scheduled job per slot across processes, interrupted jobs of a stopped process,
 * expiry, and, on PostgreSQL with each worker on its own connections, two workers never taking the same job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db';
import { openDatabase, queryRows, sql, type DatabaseHandle } from '../db';
import { AppError } from '../errors';
import { JobRunner } from './runner';

let handle: DatabaseHandle;
/** A second connection pool to the same database on PostgreSQL (a second server process); the same PGlite else. */
let second: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  second =
    handle.kind === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: handle.where, poolSize: 4 })
      : handle;
});

afterAll(async () => {
  if (second !== handle) await second.close();
  await handle.close();
});

const ownerId = '00000000-0000-4000-8000-0000000000a1';
const unitId = '00000000-0000-4000-8000-0000000000b1';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ended(runner: JobRunner, id: string) {
  for (let i = 0; i < 200; i += 1) {
    const job = await runner.read(id);
    if (job && job.state !== 'running' && job.state !== 'queued') return job;
    await pause(20);
  }
  throw new Error('the job did not end');
}

describe('a job run here', () => {
  it('is seen by another worker with its progress, then its result', async () => {
    const here = new JobRunner(handle.db);
    const elsewhere = new JobRunner(second.db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const id = await here.runHere({ kind: 'test.count', ownerId, unitId }, async (progress) => {
      progress('checking', 40, 100);
      await gate;
      return { counted: 100 };
    });
    await pause(400);
    expect(await elsewhere.read(id, { ownerId, unitId })).toMatchObject({
      state: 'running',
      phase: 'checking',
      done: 40,
      total: 100,
    });
    release();
    expect(await ended(elsewhere, id)).toMatchObject({
      state: 'done',
      result: { counted: 100 },
      error: null,
    });
  });

  it('ends with a typed error in Vietnamese and English, its problems kept', async () => {
    const runner = new JobRunner(handle.db);
    const id = await runner.runHere({ kind: 'test.fail', ownerId }, () =>
      Promise.reject(
        new AppError('import_failed', { count: 2 }, [{ field: 'Dòng 3', message: 'thiếu tên' }]),
      ),
    );
    expect((await ended(runner, id)).error).toEqual({
      code: 'import_failed',
      message: 'Tệp nhập có 2 dòng lỗi; chưa ghi dữ liệu nào.',
      messageEn: 'The file has 2 bad rows; nothing was written.',
      params: { count: 2 },
      problems: [{ field: 'Dòng 3', message: 'thiếu tên' }],
    });
  });

  it('hides an unexpected error behind `internal` and logs it', async () => {
    const logged: unknown[] = [];
    const runner = new JobRunner(handle.db, { log: (e) => logged.push(e) });
    const id = await runner.runHere({ kind: 'test.bug' }, () => Promise.reject(new Error('secret detail')));
    expect((await ended(runner, id)).error).toMatchObject({ code: 'internal', problems: [] });
    expect(JSON.stringify(await runner.read(id))).not.toContain('secret detail');
    expect(logged).toHaveLength(1);
  });

  it('is read only by its owner at its unit; an unknown or malformed id is nothing', async () => {
    const runner = new JobRunner(handle.db);
    const id = await runner.runHere({ kind: 'test.owned', ownerId, unitId }, () => Promise.resolve(1));
    await ended(runner, id);
    expect(await runner.read(id, { ownerId, unitId })).not.toBeNull();
    expect(await runner.read(id, { ownerId: unitId, unitId })).toBeNull();
    expect(await runner.read(id, { ownerId, unitId: ownerId })).toBeNull();
    expect(await runner.read('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await runner.read('nope')).toBeNull();
  });

  it('ends as interrupted when its worker falls silent (its process stopped)', async () => {
    const stopped = new JobRunner(handle.db, { staleMs: 100 });
    const id = await stopped.runHere(
      { kind: 'test.hang', ownerId },
      () => new Promise<never>(() => undefined),
    );
    await pause(300);
    // The silent worker's own view stays "running"; another worker sees the job for what it is.
    expect((await stopped.read(id))!.state).toBe('running');
    const next = new JobRunner(second.db, { staleMs: 100 });
    expect(await next.read(id)).toMatchObject({
      state: 'failed',
      error: { code: 'job_interrupted', messageEn: expect.stringContaining('restarted') as unknown },
    });
  });
});

describe('queued and scheduled jobs', () => {
  it('retries a failed attempt, then succeeds', async () => {
    const runner = new JobRunner(handle.db);
    let calls = 0;
    runner.handle(
      'test.flaky',
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('once')) : Promise.resolve({ calls });
      },
      { maxAttempts: 2, retryMs: 0 },
    );
    const id = (await runner.enqueue({ kind: 'test.flaky' }))!;
    await runner.tick();
    await runner.tick();
    expect(await runner.read(id)).toMatchObject({ state: 'done', result: { calls: 2 } });
  });

  it('runs a scheduled job once a slot, however many processes schedule it', async () => {
    let runs = 0;
    const schedule = (db: DatabaseHandle['db']) =>
      new JobRunner(db).every('test.sweep', 60 * 60 * 1000, () => {
        runs += 1;
        return Promise.resolve(null);
      });
    const a = schedule(handle.db);
    const b = schedule(second.db);
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toBe(1);
    const rows = await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE kind = 'test.sweep'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('deletes ended jobs once their time is up', async () => {
    const runner = new JobRunner(handle.db, { keepMs: 0 });
    const id = await runner.runHere({ kind: 'test.short' }, () => Promise.resolve(1));
    await ended(runner, id);
    await pause(10);
    await runner.tick();
    expect(await runner.read(id)).toBeNull();
  });

  it('never gives one job to two workers', async () => {
    const taken: { job: string; worker: string }[] = [];
    const worker = (db: DatabaseHandle['db']) => {
      const runner = new JobRunner(db);
      return runner.handle('test.race', async ({ jobId }) => {
        taken.push({ job: jobId, worker: runner.workerId });
        await pause(5);
        return null;
      });
    };
    const a = worker(handle.db);
    const b = worker(second.db);
    const ids = await Promise.all(Array.from({ length: 40 }, () => a.enqueue({ kind: 'test.race' })));
    await Promise.all([a.tick(), b.tick()]);
    expect(taken.map((t) => t.job).sort()).toEqual([...ids].sort());
    const states = await queryRows<{ state: string; attempts: number; n: number }>(
      handle.db,
      sql`SELECT state, attempts, count(*)::int AS n FROM jobs WHERE kind = 'test.race' GROUP BY 1, 2`,
    );
    expect(states).toEqual([{ state: 'done', attempts: 1, n: 40 }]);
    // On PostgreSQL both workers run at once and share the work.
    if (handle.kind === 'postgres') expect(new Set(taken.map((t) => t.worker)).size).toBe(2);
  });
});
