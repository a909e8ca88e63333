/**
 * The member registry's errors, in one place: each code with its HTTP status and its message in Vietnamese and
 * English (a code without both does not compile), and the functions the services throw. The message says what is
 * wrong; the problems beside it name the field or row and the detail. No message carries an id.
 */
import { AppError, defineErrors, type Problem } from '../../platform/errors';
import { formatDate } from '../../lib/dates';
import { formatNumber } from '../../lib/numbers';

export const memberErrorCatalog = {
  member_invalid_input: {
    status: 400,
    vi: 'Thông tin chưa hợp lệ; xem lỗi ghi bên cạnh từng trường.',
    en: 'Some details are not valid; see the problem beside each field.',
  },
  member_code_invalid: {
    status: 400,
    vi: 'Mã đoàn viên không hợp lệ.',
    en: 'The member code is not valid.',
  },
  member_duplicate: {
    status: 400,
    vi: '{who}: đã là đoàn viên hoặc đang có hồ sơ đề nghị kết nạp chờ duyệt.',
    en: '{whoEn}: already a member or has a proposal waiting for approval.',
  },
  member_value_taken: {
    status: 409,
    vi: 'Giá trị của trường "{field}" đã thuộc về người khác.',
    en: 'The value of "{field}" already belongs to someone else.',
  },
  member_not_found: { status: 404, vi: 'Không tìm thấy đoàn viên.', en: 'Member not found.' },
  proposal_not_found: {
    status: 404,
    vi: 'Không tìm thấy hồ sơ đề nghị kết nạp.',
    en: 'Membership proposal not found.',
  },
  proposal_not_pending: {
    status: 409,
    vi: 'Hồ sơ đề nghị không còn chờ thao tác này (đã được xử lý, hoặc do đơn vị khác quyết định).',
    en: 'The proposal is no longer waiting for this action (already handled, or another unit decides it).',
  },
  member_event_conflict: {
    status: 422,
    vi: 'Ngày hiệu lực {date} không hợp lệ với lịch sử của "{member}": {reason}.',
    en: 'The effective date {date} does not fit the membership history of "{member}" (details below).',
  },
  member_no_admitting_unit: {
    status: 422,
    vi: 'Không tìm thấy đơn vị cấp trên có thẩm quyền kết nạp đoàn viên của "{unit}" vào ngày {date}.',
    en: 'No upper union holds the power to admit members of "{unit}" on {date}.',
  },
  member_unit_not_grassroots: {
    status: 422,
    vi: '"{unit}" không phải công đoàn cơ sở: đoàn viên chỉ sinh hoạt tại CĐCS hoặc đơn vị trực thuộc CĐCS.',
    en: '"{unit}" is not a grassroots union: members belong to a grassroots union or a unit inside one.',
  },
  proposal_edited_meanwhile: {
    status: 409,
    vi: 'Đã có người sửa hồ sơ đề nghị kết nạp của {person} trong lúc bạn làm việc; hãy tải lại để xem bản mới rồi sửa tiếp.',
    en: 'Someone changed the proposal of {person} while you were working; reload to see the new version, then edit again.',
  },
  member_edited_meanwhile: {
    status: 409,
    vi: 'Đã có người sửa hồ sơ đoàn viên trong lúc bạn làm việc; hãy tải lại để xem bản mới rồi sửa tiếp.',
    en: "Someone changed the member's record while you were working; reload to see the new version, then edit again.",
  },
  member_handled_meanwhile: {
    status: 409,
    vi: 'Hồ sơ đoàn viên {member} vừa được người khác xử lý; hãy tải lại.',
    en: 'The record of {member} was just handled by someone else; reload.',
  },
  proposals_decided_meanwhile: {
    status: 409,
    vi: 'Hồ sơ đề nghị kết nạp vừa được người khác xử lý; hãy tải lại.',
    en: 'The proposals were just handled by someone else; reload.',
  },
  card_batch_too_large: {
    status: 422,
    vi: 'Mỗi lần in tối đa {limit} thẻ đoàn viên; lần này có {count} thẻ. {hint}',
    en: 'At most {limit} member cards per print; this one has {count}. {hintEn}',
  },
  member_import_failed: {
    status: 422,
    vi: 'Tệp nhập có {badRows} dòng lỗi ({problems} lỗi); chưa ghi dữ liệu nào.',
    en: 'The file has {badRows} bad rows ({problems} problems); nothing was written.',
  },
  member_import_bad_file: {
    status: 400,
    vi: 'Tệp không đọc được: {reason}.',
    en: 'The file cannot be read (details below).',
  },
  member_import_registered_meanwhile: {
    status: 409,
    vi: 'Trong lúc ghi, một số người trong tệp vừa được nhập ở nơi khác (trùng số CCCD); chưa ghi dữ liệu nào. Hãy nhập lại tệp để xem từng dòng trùng.',
    en: 'While writing, some people in the file were registered elsewhere (same CCCD); nothing was written. Import the file again to see each duplicate row.',
  },
  member_import_edited_meanwhile: {
    status: 409,
    vi: 'Trong lúc nhập tệp, hồ sơ của một số đoàn viên trong tệp vừa được người khác sửa; chưa ghi dữ liệu nào. Hãy xuất lại danh sách, sửa rồi nhập lại.',
    en: 'While the file was being imported, someone changed the records of some members in it; nothing was written. Export the list again, edit it and import it again.',
  },
  member_import_not_found: {
    status: 404,
    vi: 'Không tìm thấy lượt nhập tệp này; có thể máy chủ đã khởi động lại, hãy nhập lại tệp.',
    en: 'This import was not found; the server may have restarted, import the file again.',
  },
} as const;

export type MemberErrorCode = keyof typeof memberErrorCatalog;

const memberError = defineErrors(memberErrorCatalog);

/**
 * Rows that match a member or a pending proposal (duplicate guard); the message names who (of several: "Người thứ
 * 2 (Nguyễn Văn An)"), each problem says where.
 */
export function duplicateMember(
  problems: Problem[],
  who: { vi: string; en: string } = { vi: 'Người này', en: 'This person' },
): AppError {
  return memberError('member_duplicate', { who: who.vi, whoEn: who.en }, problems);
}

/** "Nguyễn Văn An", or in a list "Người thứ 2 (Nguyễn Văn An), người thứ 4 (Trần Thị Bình)", in both languages. */
export function peopleNamed(people: readonly { index: number; name: string }[], inList: boolean) {
  const vi = people.map((p, i) =>
    inList ? `${i ? 'người' : 'Người'} thứ ${p.index + 1} (${p.name})` : p.name,
  );
  const en = people.map((p, i) =>
    inList ? `${i ? 'person' : 'Person'} ${p.index + 1} (${p.name})` : p.name,
  );
  return { vi: vi.join(', '), en: en.join(', ') };
}

/** Input that breaks a rule of the registry, field by field. */
export function invalidInput(problems: Problem[]): AppError {
  return memberError('member_invalid_input', {}, problems);
}

/** Proposals that are not waiting for this decision (already approved, or another unit's to decide). */
export function proposalNotPending(problems: Problem[]): AppError {
  return memberError('proposal_not_pending', {}, problems);
}

/** An event that does not fit the person's history; the reason is also the detail beside the date field. */
export function membershipConflict(memberName: string, date: string, reason: string): AppError {
  return memberError('member_event_conflict', { date: formatDate(date), member: memberName, reason }, [
    { field: 'effectiveOn', message: reason },
  ]);
}

export function noAdmittingUnit(unitName: string, date: string): AppError {
  const params = { unit: unitName, date: formatDate(date) };
  return memberError('member_no_admitting_unit', params, [
    {
      field: 'unitId',
      message: `Không tìm thấy đơn vị cấp trên có thẩm quyền kết nạp đoàn viên của "${unitName}" vào ngày ${params.date}.`,
    },
  ]);
}

export function cannotHoldMembers(field: string, unitName: string): AppError {
  return memberError('member_unit_not_grassroots', { unit: unitName }, [
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
  return memberError('member_code_invalid', {}, [{ field, message }]);
}

export const memberNotFound = (): AppError => memberError('member_not_found');
export const proposalNotFound = (): AppError => memberError('proposal_not_found');
export const unitNotFound = (): AppError => new AppError('not_found', { what: 'đơn vị' });

/** More cards than one print takes; the hint says how to split the print. */
export function tooManyCards(
  field: string,
  count: number,
  limit: number,
  hint: { vi: string; en: string },
): AppError {
  const params = { count: formatNumber(count), limit: formatNumber(limit), hint: hint.vi, hintEn: hint.en };
  return memberError('card_batch_too_large', params, [
    {
      field,
      message: `Mỗi lần in tối đa ${params.limit} thẻ đoàn viên; lần này có ${params.count} thẻ. ${hint.vi}`,
      messageEn: `At most ${limit} member cards per print; this one has ${count}. ${hint.en}`,
    },
  ]);
}

/** The import refused as a whole: how many rows are bad and how many problems, each listed as data. */
export function memberImportFailed(badRows: number, problemCount: number, listed: Problem[]): AppError {
  return memberError(
    'member_import_failed',
    {
      badRows: formatNumber(badRows),
      problems: formatNumber(problemCount),
      badRowCount: badRows,
      problemCount,
    },
    listed,
  );
}

export function memberImportBadFile(reason: string, field = 'file'): AppError {
  return memberError('member_import_bad_file', { reason }, [{ field, message: reason }]);
}

export const memberImportRegisteredMeanwhile = (): AppError =>
  memberError('member_import_registered_meanwhile');

/** Members of the file's rows saved by someone else while the import was writing; each named beside its row. */
export const importedMembersEditedMeanwhile = (problems: Problem[]): AppError =>
  memberError('member_import_edited_meanwhile', {}, problems);

export const memberImportNotFound = (): AppError => memberError('member_import_not_found');

/**
 * Why a row of a member file cannot go to the CĐCS it names (services/import-placement.ts), in both languages: the
 * problem's `code` is the key; `{unit}` is only ever a unit the actor may see (a foreign code is named by its code).
 */
export const importUnitProblemCatalog = {
  unit_code_missing: {
    vi: 'Chưa ghi mã CĐCS: tệp nhập cho cả "{target}" phải ghi ở mỗi dòng mã của CĐCS nơi người này sinh hoạt.',
    en: 'No CĐCS code: a file imported for the whole of "{target}" must name, on every row, the CĐCS the person joins.',
  },
  unit_code_several: {
    vi: 'Mỗi dòng ghi một mã CĐCS (đang ghi "{code}").',
    en: 'Write one CĐCS code per row (this row has "{code}").',
  },
  unit_unknown: {
    vi: 'Không có đơn vị mang mã "{code}".',
    en: 'No unit has the code "{code}".',
  },
  unit_out_of_scope: {
    vi: 'Mã "{code}" là của một đơn vị không thuộc "{target}" hôm nay.',
    en: 'The code "{code}" belongs to a unit that is not part of "{target}" today.',
  },
  unit_ended: {
    vi: '"{unit}" (mã {code}) đã ngừng hoạt động từ ngày {date}.',
    en: '"{unit}" (code {code}) stopped operating on {date}.',
  },
  unit_not_active: {
    vi: '"{unit}" (mã {code}) không hoạt động vào ngày {date}.',
    en: '"{unit}" (code {code}) was not operating on {date}.',
  },
  unit_not_grassroots: {
    vi: '"{unit}" (mã {code}) không phải công đoàn cơ sở: mỗi dòng ghi mã của một CĐCS hoặc đơn vị trực thuộc CĐCS.',
    en: '"{unit}" (code {code}) is not a grassroots union: each row names a CĐCS or a unit inside one.',
  },
  unit_no_approver: {
    vi: 'Không có đơn vị cấp trên có thẩm quyền kết nạp đoàn viên của "{unit}" (mã {code}) vào ngày {date}.',
    en: 'No upper union holds the power to admit members of "{unit}" (code {code}) on {date}.',
  },
  unit_forbidden: {
    vi: 'Bạn không có quyền {action} của "{unit}" (mã {code}).',
    en: 'You may not {actionEn} of "{unit}" (code {code}).',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ImportUnitProblemCode = keyof typeof importUnitProblemCatalog;

/** The Vietnamese and English sentences of a placement problem, its parameters filled in. */
export function importUnitProblem(
  code: ImportUnitProblemCode,
  params: Record<string, string>,
): { message: string; messageEn: string } {
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '');
  const { vi, en } = importUnitProblemCatalog[code];
  return { message: fill(vi), messageEn: fill(en) };
}

// Concurrency: what the one who comes second is told (409).

/** A correction sent with the version of an older load: someone saved the record meanwhile. */
export const proposalEditedMeanwhile = (personName: string): AppError =>
  memberError('proposal_edited_meanwhile', { person: personName });

export const memberEditedMeanwhile = (): AppError => memberError('member_edited_meanwhile');

/** An event on a person whose stays changed since they were read: someone recorded another event meanwhile. */
export const memberHandledMeanwhile = (memberName: string): AppError =>
  memberError('member_handled_meanwhile', { member: memberName });

/** Proposals decided by someone else while this decision was being made; each named beside its row. */
export function proposalsDecidedMeanwhile(problems: Problem[]): AppError {
  return memberError('proposals_decided_meanwhile', {}, problems);
}

/** A value a unique key holds for another row (found by the key itself when two saves met). */
export function valueTaken(field: string, label: string, message: string): AppError {
  return memberError('member_value_taken', { field: label }, [{ field, message }]);
}
