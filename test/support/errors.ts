/** What a test expects of a refusal: the AppError, its code, and for a file the reason it was refused. */
import { expect } from 'vitest';
import { AppError } from '../../src/platform/errors';

/** The AppError the promise rejects with, after checking its code; fails when it resolves. */
export async function rejects(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code, (error as Error).message).toBe(code);
    return error as AppError;
  }
  throw new Error(`expected ${code}`);
}

/** The reason an import refused a file (`import_bad_file`). */
export async function badFileReason(promise: Promise<unknown>): Promise<string> {
  return String((await rejects(promise, 'import_bad_file')).params.reason);
}
