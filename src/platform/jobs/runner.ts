/**
 * Background jobs whose state lives in the database (tables.ts), so that a restart or a second server process sees
 * them. A server process is one worker (a random id). Two ways in:
 * - `runHere`: work whose input lives in this process (an uploaded file) starts at once here; its progress, result or
 *   error are written to its row, which any process reads;
 * - `enqueue` / `every`: a queued job is run by whichever worker claims it first (store.claimNext: FOR UPDATE SKIP
 *   LOCKED, so two workers never take the same job); `every` queues one job per time slot under a unique key, so two
 *   processes schedule it once.
 * A worker's running jobs carry its heartbeat; another worker ends those of a stopped process as failed
 * (`job_interrupted`) once the heartbeat is `staleMs` old. Ended jobs are kept `keepMs`, then deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db';
import { AppError, renderMessage, type Problem } from '../errors';
import * as store from './store';
import type { JobRow } from './tables';

/** Why a job failed, as its reader shows it: a typed code with its Vietnamese and English message. */
export interface JobError {
  /** A platform code or a feature's own (members' `member_import_not_found`, …). */
  code: string;
  message: string;
  messageEn: string;
  /** The numbers and names behind the message (a refused file's bad rows and problems). */
  params: Record<string, string | number>;
  problems: Problem[];
}

export interface JobView<Result = unknown> {
  id: string;
  kind: string;
  state: JobRow['state'];
  phase: string | null;
  done: number;
  total: number;
  result: Result | null;
  error: JobError | null;
  ownerId: string | null;
  unitId: string | null;
}

export type Progress = (phase: string, done: number, total: number) => void;

export interface JobContext {
  db: Database;
  jobId: string;
  payload: unknown;
  progress: Progress;
}

export type JobHandler = (job: JobContext) => Promise<unknown>;

interface HandlerOptions {
  /** Runs at most this many times (1: no retry). */
  maxAttempts?: number;
  /** Waits this long times the attempt number before the next attempt. */
  retryMs?: number;
  /** An ended job of this kind is kept this long. */
  keepMs?: number;
}

export interface JobRunnerOptions {
  /** How often a started runner looks for due jobs. */
  pollMs?: number;
  /** A running job whose worker has been silent this long is taken as interrupted. */
  staleMs?: number;
  /** How long an ended job stays readable. */
  keepMs?: number;
  /** Where a job's unexpected error (a bug, an outage) and the runner's own failures are logged. */
  log?: (error: unknown) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Progress is written at most this often a job (and when the job ends). */
const PROGRESS_EVERY_MS = 200;

/** The typed error a job ends with; anything but an AppError is an internal error, logged. */
export function jobError(error: unknown, log: (error: unknown) => void = () => undefined): JobError {
  const known = error instanceof AppError ? error : new AppError('internal');
  if (!(error instanceof AppError)) log(error);
  return {
    code: known.code,
    message: renderMessage(known.code, known.params, 'vi'),
    messageEn: renderMessage(known.code, known.params, 'en'),
    params: known.params,
    problems: known.problems,
  };
}

export function viewOf<Result>(row: JobRow): JobView<Result> {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    phase: row.phase,
    done: row.done,
    total: row.total,
    result: (row.result ?? null) as Result | null,
    error: (row.error ?? null) as JobError | null,
    ownerId: row.ownerId,
    unitId: row.unitId,
  };
}

export class JobRunner {
  readonly workerId = randomUUID();
  private readonly handlers = new Map<string, { run: JobHandler; options: HandlerOptions }>();
  private readonly schedules: { kind: string; everyMs: number }[] = [];
  private readonly pollMs: number;
  private readonly staleMs: number;
  private readonly keepMs: number;
  private readonly log: (error: unknown) => void;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  /** Jobs running in this process (through runHere or a claim). */
  private local = 0;

  constructor(
    private readonly db: Database,
    options: JobRunnerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5_000;
    this.staleMs = options.staleMs ?? 60_000;
    this.keepMs = options.keepMs ?? 60 * 60 * 1000;
    this.log = options.log ?? (() => undefined);
  }

  /** Registers the handler of queued jobs of `kind`. */
  handle(kind: string, run: JobHandler, options: HandlerOptions = {}): this {
    this.handlers.set(kind, { run, options });
    return this;
  }

  /** Runs `run` once every `everyMs` across all processes sharing the database (once a slot of that length). */
  every(kind: string, everyMs: number, run: JobHandler): this {
    // Kept for at least its slot, so that the slot's key is not free again while the slot lasts.
    this.handle(kind, run, { keepMs: Math.max(everyMs, this.keepMs) });
    this.schedules.push({ kind, everyMs });
    return this;
  }

  /** Queues a job for the first worker free to take it; null when `dedupeKey` is already taken. */
  enqueue(job: store.NewJob): Promise<string | null> {
    return store.insertQueued(this.db, {
      ...job,
      maxAttempts: job.maxAttempts ?? this.handlers.get(job.kind)?.options.maxAttempts ?? 1,
    });
  }

  /**
   * Starts `work` in this process now and returns the job's id once its row is written; the work goes on in the
   * background, its progress, result or typed error written to the row. `work` must not wait for anything the job
   * writes (on PGlite such a write waits for the work's transaction to end).
   */
  async runHere<Result>(
    job: { kind: string; ownerId?: string | null; unitId?: string | null },
    work: (progress: Progress) => Promise<Result>,
  ): Promise<string> {
    const id = await store.insertRunning(this.db, job, this.workerId);
    void this.execute(id, (progress) => work(progress), this.keepMs);
    return id;
  }

  /**
   * The job as its owner sees it; null when it does not exist, has expired, or `owner` does not match. A running job
   * of a silent worker is ended as interrupted first.
   */
  async read<Result = unknown>(
    id: string,
    owner?: { ownerId: string; unitId?: string | null },
  ): Promise<JobView<Result> | null> {
    if (!UUID.test(id)) return null;
    let row = await store.readJob(this.db, id);
    if (!row) return null;
    if (
      owner &&
      (row.ownerId !== owner.ownerId || (owner.unitId !== undefined && row.unitId !== owner.unitId))
    )
      return null;
    if (row.state === 'running' && row.lockedBy !== this.workerId && this.isStale(row)) {
      await this.sweep();
      row = (await store.readJob(this.db, id)) ?? row;
    }
    return viewOf<Result>(row);
  }

  /** Polls every `pollMs` from now on, the first time `pollMs` from now. */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => {
          if (!this.stopped) loop();
        });
      }, this.pollMs);
      this.timer.unref();
    };
    loop();
  }

  /** Stops polling and waits for the round in progress (jobs started by runHere finish on their own). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.ticking;
  }

  /**
   * One round: queues this slot's scheduled jobs, ends interrupted ones, deletes expired ones, then runs due jobs
   * one after another until none is left. Rounds never overlap.
   */
  tick(): Promise<void> {
    this.ticking ??= this.round()
      .catch((error: unknown) => this.log(error))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async round(): Promise<void> {
    const now = Date.now();
    for (const s of this.schedules)
      await this.enqueue({ kind: s.kind, dedupeKey: `${s.kind}@${Math.floor(now / s.everyMs)}` });
    await this.sweep();
    await store.deleteExpired(this.db);
    const kinds = [...this.handlers.keys()];
    while (!this.stopped) {
      const job = await store.claimNext(this.db, kinds, this.workerId);
      if (!job) break;
      const handler = this.handlers.get(job.kind)!;
      const { maxAttempts } = job;
      const retryMs = handler.options.retryMs ?? 1_000;
      await this.execute(
        job.id,
        (progress) => handler.run({ db: this.db, jobId: job.id, payload: job.payload, progress }),
        handler.options.keepMs ?? this.keepMs,
        job.attempts < maxAttempts ? retryMs * job.attempts : undefined,
      );
    }
  }

  /** Ends the running jobs of workers silent for `staleMs` as interrupted. */
  private sweep(): Promise<number> {
    return store.failAbandoned(
      this.db,
      this.workerId,
      this.staleMs,
      jobError(new AppError('job_interrupted')),
      this.keepMs,
    );
  }

  private isStale(row: JobRow): boolean {
    return !row.heartbeatAt || Date.now() - row.heartbeatAt.getTime() > this.staleMs;
  }

  /** Runs one job of this worker to its end, writing its progress, then its result or error. Never throws. */
  private async execute(
    id: string,
    work: (progress: Progress) => Promise<unknown>,
    keepMs: number,
    retryInMs?: number,
  ): Promise<void> {
    this.local += 1;
    this.heartbeat ??= setInterval(
      () => void store.beat(this.db, this.workerId).catch(this.log),
      Math.max(1_000, this.staleMs / 3),
    ).unref();
    let latest: { phase: string | null; done: number; total: number } | null = null;
    let writing: Promise<void> = Promise.resolve();
    let pending: NodeJS.Timeout | null = null;
    const flush = () => {
      pending = null;
      const progress = latest;
      latest = null;
      if (progress) writing = writing.then(() => store.saveProgress(this.db, id, progress)).catch(this.log);
    };
    const progress: Progress = (phase, done, total) => {
      latest = { phase, done, total };
      pending ??= setTimeout(flush, PROGRESS_EVERY_MS);
    };
    try {
      const result = await work(progress);
      if (pending) clearTimeout(pending);
      flush();
      await writing;
      await store.finish(this.db, id, result, keepMs);
    } catch (error) {
      if (pending) clearTimeout(pending);
      flush();
      await writing;
      await store.fail(this.db, id, jobError(error, this.log), keepMs, retryInMs).catch(this.log);
    } finally {
      this.local -= 1;
      if (this.local === 0 && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    }
  }
}
