/**
 * The member registry's errors, in one place. Each names what is wrong and how to fix it, in Vietnamese, beside the
 * field or row at fault. They use the platform's existing codes; when platform/errors.ts gains the dedicated codes
 * (member_duplicate, proposal_not_pending, …) only this file changes.
 */
import { AppError, type Problem } from '../../platform/errors';
import { formatDate } from '../../lib/dates';

/** Rows that match a member or a pending proposal (duplicate guard). */
export function duplicateMember(problems: Problem[]): AppError {
  return new AppError('validation_failed', {}, problems);
}

/** Input that breaks a rule of the registry, field by field. */
export function invalidInput(problems: Problem[]): AppError {
  return new AppError('validation_failed', {}, problems);
}

/** Proposals that are not waiting for this decision (already approved, or another unit's to decide). */
export function proposalNotPending(problems: Problem[]): AppError {
  return new AppError('validation_failed', {}, problems);
}

/** An event that does not fit the person's history. */
export function membershipConflict(memberName: string, date: string, reason: string): AppError {
  return new AppError('event_out_of_order', { date: formatDate(date), unit: memberName, reason });
}

export function noAdmittingUnit(unitName: string, date: string): AppError {
  return new AppError('validation_failed', {}, [
    {
      field: 'unitId',
      message: `Không tìm thấy đơn vị cấp trên có thẩm quyền kết nạp đoàn viên của "${unitName}" vào ngày ${formatDate(date)}.`,
    },
  ]);
}

export function cannotHoldMembers(field: string, unitName: string): AppError {
  return new AppError('validation_failed', {}, [
    {
      field,
      message: `"${unitName}" không phải công đoàn cơ sở: đoàn viên chỉ sinh hoạt tại CĐCS hoặc đơn vị trực thuộc CĐCS.`,
    },
  ]);
}

export function unitNotActive(unitName: string, date: string): AppError {
  return new AppError('unit_not_active', { unit: unitName, date: formatDate(date) });
}

export function invalidMemberCode(field: string, message: string): AppError {
  return new AppError('validation_failed', {}, [{ field, message }]);
}

export const memberNotFound = (): AppError => new AppError('not_found', { what: 'đoàn viên' });
export const proposalNotFound = (): AppError => new AppError('not_found', { what: 'hồ sơ đề nghị kết nạp' });
export const unitNotFound = (): AppError => new AppError('not_found', { what: 'đơn vị' });

// Concurrency: what the one who comes second is told (409), in the shared catalogue's words.

/** A correction sent with the version of an older load: someone saved the record meanwhile. */
export const proposalEditedMeanwhile = (personName: string): AppError =>
  new AppError('version_conflict', { what: `hồ sơ đề nghị kết nạp của ${personName}` });

export const memberEditedMeanwhile = (): AppError =>
  new AppError('version_conflict', { what: 'hồ sơ đoàn viên' });

/** An event on a person whose stays changed since they were read: someone recorded another event meanwhile. */
export const memberHandledMeanwhile = (memberName: string): AppError =>
  new AppError('state_conflict', { what: `Hồ sơ đoàn viên ${memberName}` });

/** Proposals decided by someone else while this decision was being made; each named beside its row. */
export function proposalsDecidedMeanwhile(problems: Problem[]): AppError {
  return new AppError('state_conflict', { what: 'Hồ sơ đề nghị kết nạp' }, problems);
}

/** A value a unique key holds for another row (found by the key itself when two saves met). */
export function valueTaken(field: string, label: string, message: string): AppError {
  return new AppError('duplicate_value', { field: label }, [{ field, message }]);
}
