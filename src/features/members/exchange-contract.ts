/**
 * Requests and responses of the member list in and out of Excel: the template, an import running in the background
 * (started, then polled for its progress) and the export of a filtered list. Shared with the web app.
 */
import { problemSchema } from '../../platform/errors';
import { z } from 'zod';
import { memberSearchQuery } from './contract';

export const IMPORT_MODES = ['register', 'propose'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_MODE_LABELS: Record<ImportMode, string> = {
  register: 'Nhập đoàn viên đang sinh hoạt (ghi ngay vào danh sách)',
  propose: 'Đề nghị kết nạp (chờ cấp trên duyệt)',
};

/** What a running import is doing: reading the file, checking every row, writing in one transaction. */
export const IMPORT_PHASES = ['reading', 'checking', 'writing'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];
export const IMPORT_PHASE_LABELS: Record<ImportPhase, string> = {
  reading: 'Đang đọc tệp',
  checking: 'Đang kiểm tra từng dòng',
  writing: 'Đang ghi dữ liệu',
};

/** The kinds of problem an import names beside a row (the web translates them; the message is the server's detail). */
export const IMPORT_PROBLEM_CODES = [
  'unreadable',
  'invalid_text',
  'invalid_value',
  'joined_after_date',
  'unit_not_active',
  'unit_code_missing',
  'unit_code_several',
  'unit_unknown',
  'unit_out_of_scope',
  'unit_ended',
  'unit_not_grassroots',
  'unit_no_approver',
  'unit_forbidden',
  'member_code_invalid',
  'member_code_unknown',
  'member_code_other_person',
  'duplicate_in_file',
  'already_member',
  'already_proposed',
  'deceased',
  'history_conflict',
  'edited_since_export',
  'cccd_taken',
  'not_permitted',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

/** One problem of an imported file, as data: the row as Excel shows it, the column's header, the kind, the detail. */
export const importProblem = problemSchema;
export type ImportProblem = z.infer<typeof importProblem>;

const importMode = z.enum(IMPORT_MODES, {
  message: 'Chọn register (nhập trực tiếp) hoặc propose (đề nghị).',
});

export const memberImportJobParams = z.object({ unitId: z.string(), jobId: z.string() });

/** The mode may come in the query string or as a multipart field "mode" before the file. */
export const memberImportQuery = z.object({ mode: importMode.optional() });

export const memberImportStarted = z.object({ jobId: z.string() });

const unitRef = z.object({ id: z.string(), name: z.string() });

export const memberImportResult = z.object({
  mode: importMode,
  /** Members registered, or proposals created. */
  created: z.number(),
  /** Rows naming a member of the unit whose record the file changed (written as the edit form writes). */
  updated: z.number(),
  /** Rows naming a member of the unit whose record is already as the file says: nothing written. */
  unchanged: z.number(),
  /** The unit that approves (proposals) or approved (registering) the first CĐCS's rows; see approvingUnits. */
  approvingUnit: unitRef,
  /** Every unit that approves rows of this file (several when a file of an upper union spans them). */
  approvingUnits: z.array(unitRef),
  /** How many rows went to each CĐCS (one entry for a file imported into a CĐCS), by name. */
  units: z.array(unitRef.extend({ code: z.string(), created: z.number() })),
});
export type MemberImportResult = z.infer<typeof memberImportResult>;

export const memberImportJob = z.object({
  state: z.enum(['running', 'done', 'failed']),
  phase: z.enum(IMPORT_PHASES).nullable(),
  /** Rows read, checked or written so far in this phase; `total` is 0 while the file is still being read. */
  done: z.number(),
  total: z.number(),
  result: memberImportResult.nullable(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      messageEn: z.string(),
      /** The numbers behind the message: for a refused file, `badRows` and `problems` (all of them, not only listed). */
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      problems: z.array(importProblem),
    })
    .nullable(),
});
export type MemberImportJob = z.infer<typeof memberImportJob>;

/** The filters of the member list (GET /api/units/:unitId/members), without paging: the export takes every page. */
export const memberExportQuery = memberSearchQuery.omit({ page: true, pageSize: true });
export type MemberExportQuery = z.infer<typeof memberExportQuery>;
