/**
 * Member imports running in the background of the server process: a person uploads a file, gets a job id at once
 * and polls its progress (reading → checking → writing) until it is done or failed. Jobs live in memory, keyed by a
 * random id, for an hour after they end; only the person who started one may read it. A restart forgets running
 * jobs, which is safe: an import writes in one transaction, so an interrupted one wrote nothing.
 */
import { randomUUID } from 'node:crypto';
import { AppError, renderMessage } from '../../platform/errors';
import type { ImportPhase, MemberImportJob, MemberImportResult } from './exchange-contract';

interface Job extends MemberImportJob {
  userId: string;
  unitId: string;
  endedAt: number | null;
}

/** How long a finished job stays readable. */
const KEEP_MS = 60 * 60 * 1000;

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Starts `work` in the background and returns the job's id at once. `work` reports its progress through the
   * function it is given; an AppError ends the job as failed with its problems, anything else as an internal error
   * (given to `onUnexpected` for the log).
   */
  start(
    owner: { userId: string; unitId: string },
    work: (
      progress: (phase: ImportPhase, done: number, total: number) => void,
    ) => Promise<MemberImportResult>,
    onUnexpected: (error: unknown) => void = () => undefined,
  ): string {
    this.prune();
    const id = randomUUID();
    const job: Job = {
      ...owner,
      state: 'running',
      phase: null,
      done: 0,
      total: 0,
      result: null,
      error: null,
      endedAt: null,
    };
    this.jobs.set(id, job);
    const progress = (phase: ImportPhase, done: number, total: number) => {
      job.phase = phase;
      job.done = done;
      job.total = total;
    };
    work(progress).then(
      (result) => {
        job.state = 'done';
        job.result = result;
        job.endedAt = this.now();
      },
      (error: unknown) => {
        job.state = 'failed';
        job.endedAt = this.now();
        const known = error instanceof AppError ? error : new AppError('internal');
        if (!(error instanceof AppError)) onUnexpected(error);
        job.error = {
          code: known.code,
          message: known.message,
          messageEn: renderMessage(known.code, known.params, 'en'),
          params: known.params,
          problems: known.problems,
        };
      },
    );
    return id;
  }

  /** The job as its owner sees it; null when it does not exist, has expired, or belongs to someone else. */
  read(id: string, reader: { userId: string; unitId: string }): MemberImportJob | null {
    this.prune();
    const job = this.jobs.get(id);
    if (!job || job.userId !== reader.userId || job.unitId !== reader.unitId) return null;
    const { state, phase, done, total, result, error } = job;
    return { state, phase, done, total, result, error };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, job] of this.jobs)
      if (job.endedAt !== null && now - job.endedAt > KEEP_MS) this.jobs.delete(id);
  }
}
