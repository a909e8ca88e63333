/**
 * Member imports as background jobs (platform/jobs): a person uploads a file, gets a job id at once and polls its
 * progress (reading → checking → writing) until it is done or failed. The job's row is in the database, so any
 * server process answers the poll; it is kept for an hour after it ends, and only the person who started it, at the
 * unit it imports into (a CĐCS, or an upper union whose file names each row's CĐCS), may read it. The file lives in the memory of the process that received it: when that
 * process stops, the job ends as `job_interrupted`, which is safe: an import writes in one transaction, so an
 * interrupted one wrote nothing.
 */
import type { JobRunner } from '../../platform/jobs/runner';
import {
  IMPORT_PHASES,
  type ImportPhase,
  type MemberImportJob,
  type MemberImportResult,
} from './exchange-contract';

export const MEMBER_IMPORT_JOB = 'members.import';

interface Owner {
  userId: string;
  unitId: string;
}

/** Starts `work` in the background and returns the job's id once the job is recorded. */
export function startMemberImport(
  jobs: JobRunner,
  owner: Owner,
  work: (progress: (phase: ImportPhase, done: number, total: number) => void) => Promise<MemberImportResult>,
): Promise<string> {
  return jobs.runHere({ kind: MEMBER_IMPORT_JOB, ownerId: owner.userId, unitId: owner.unitId }, (progress) =>
    work(progress),
  );
}

/** The job as its owner sees it; null when it does not exist, has expired, or belongs to someone else. */
export async function readMemberImport(
  jobs: JobRunner,
  id: string,
  reader: Owner,
): Promise<MemberImportJob | null> {
  const job = await jobs.read<MemberImportResult>(id, { ownerId: reader.userId, unitId: reader.unitId });
  if (!job || job.kind !== MEMBER_IMPORT_JOB) return null;
  const phase = (IMPORT_PHASES as readonly string[]).includes(job.phase ?? '')
    ? (job.phase as ImportPhase)
    : null;
  return {
    state: job.state === 'done' || job.state === 'failed' ? job.state : 'running',
    phase,
    done: job.done,
    total: job.total,
    result: job.result,
    error: job.error,
  };
}
