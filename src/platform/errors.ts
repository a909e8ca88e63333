/**
 * Typed error codes, each with its HTTP status and a Vietnamese and English message.
 * The catalog is a `satisfies` record: a code without both messages does not compile.
 */
import { z } from 'zod';
export interface ErrorSpec {
  status: 400 | 401 | 403 | 404 | 409 | 422 | 423 | 429 | 500;
  vi: string;
  en: string;
}

export const errorCatalog = {
  // platform
  validation_failed: { status: 400, vi: 'Dữ liệu nhập chưa hợp lệ.', en: 'The input is not valid.' },
  not_found: { status: 404, vi: 'Không tìm thấy {what}.', en: '{what} not found.' },
  internal: { status: 500, vi: 'Có lỗi hệ thống, vui lòng thử lại.', en: 'Internal error, please retry.' },
  version_conflict: {
    status: 409,
    vi: 'Đã có người sửa {what} trong lúc bạn làm việc; hãy tải lại để xem bản mới rồi sửa tiếp.',
    en: 'Someone changed {what} while you were working; reload to see the new version, then edit again.',
  },
  state_conflict: {
    status: 409,
    vi: '{what} vừa được người khác xử lý; hãy tải lại.',
    en: '{what} was just handled by someone else; reload.',
  },
  duplicate_value: {
    status: 409,
    vi: 'Giá trị của trường "{field}" đã tồn tại.',
    en: 'The value of "{field}" already exists.',
  },
  rate_limited: {
    status: 429,
    vi: 'Thao tác quá nhiều lần, vui lòng chờ một lát.',
    en: 'Too many requests; wait a moment.',
  },
  job_interrupted: {
    status: 500,
    vi: 'Việc chạy nền bị dừng giữa chừng (máy chủ đã khởi động lại) và chưa ghi dữ liệu nào; hãy chạy lại.',
    en: 'The background task stopped halfway (the server restarted) and wrote nothing; run it again.',
  },
  // access
  not_authenticated: { status: 401, vi: 'Vui lòng đăng nhập.', en: 'Please log in.' },
  bad_credentials: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  },
  account_locked: {
    status: 423,
    vi: 'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau {minutes} phút.',
    en: 'Account locked after repeated failures; retry in {minutes} minutes.',
  },
  account_disabled: { status: 403, vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is disabled.' },
  csrf_failed: {
    status: 403,
    vi: 'Phiên làm việc không hợp lệ, vui lòng tải lại trang.',
    en: 'Invalid session token; reload the page.',
  },
  forbidden: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You may not do this.' },
  out_of_scope: {
    status: 403,
    vi: 'Đơn vị này nằm ngoài phạm vi quản lý của bạn.',
    en: 'This unit is outside your scope.',
  },
  username_taken: {
    status: 409,
    vi: 'Tên đăng nhập "{username}" đã có người dùng.',
    en: 'Username "{username}" is taken.',
  },
  // organisation
  unit_code_taken: {
    status: 409,
    vi: 'Mã đơn vị "{code}" đã tồn tại.',
    en: 'Unit code "{code}" already exists.',
  },
  unit_not_active: {
    status: 422,
    vi: 'Đơn vị "{unit}" không hoạt động vào ngày {date}.',
    en: 'Unit "{unit}" is not active on {date}.',
  },
  type_not_allowed_under: {
    status: 422,
    vi: 'Loại "{child}" không được trực thuộc "{parent}" vào ngày {date}.',
    en: 'Type "{child}" may not sit under "{parent}" on {date}.',
  },
  unit_cycle: {
    status: 422,
    vi: 'Không thể chuyển "{unit}" về đơn vị cấp dưới của chính nó ("{parent}").',
    en: 'Cannot move "{unit}" under its own sub-unit ("{parent}").',
  },
  has_active_children: {
    status: 422,
    vi: '"{unit}" còn {count} đơn vị trực thuộc đang hoạt động vào ngày {date}; hãy chuyển chúng trong cùng thao tác.',
    en: '"{unit}" still has {count} active sub-units on {date}; move them in the same operation.',
  },
  event_out_of_order: {
    status: 422,
    vi: 'Ngày hiệu lực {date} không hợp lệ với lịch sử của "{unit}": {reason}.',
    en: 'Effective date {date} conflicts with the history of "{unit}": {reason}.',
  },
  unit_has_members: {
    status: 422,
    vi: '"{unit}" còn {count} đoàn viên sinh hoạt từ ngày {date}; hãy chuyển sinh hoạt cho họ trước.',
    en: '"{unit}" still has {count} members from {date}; transfer them first.',
  },
  unit_type_in_use: {
    status: 409,
    vi: 'Loại đơn vị "{type}" đang được sử dụng, không thể xóa.',
    en: 'Unit type "{type}" is in use.',
  },
  lacks_power: {
    status: 422,
    vi: '"{unit}" không có thẩm quyền {power} vào ngày {date}.',
    en: '"{unit}" does not hold the power {power} on {date}.',
  },
  import_failed: {
    status: 422,
    vi: 'Tệp nhập có {count} dòng lỗi; chưa ghi dữ liệu nào.',
    en: 'The file has {count} bad rows; nothing was written.',
  },
  import_bad_file: { status: 400, vi: 'Tệp không đọc được: {reason}.', en: 'Unreadable file: {reason}.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

/** Every code a reply may carry: the platform's above and those each feature defines with `defineErrors`. */
const knownCodes = new Map<string, ErrorSpec>(Object.entries(errorCatalog));

/**
 * A feature's own error codes (twenty's habit: errors typed per feature, each mapped to its status and to both
 * languages; a code without a message does not compile). Returns the feature's error factory.
 */
export function defineErrors<const C extends Record<string, ErrorSpec>>(catalog: C) {
  for (const [code, spec] of Object.entries(catalog)) {
    if (knownCodes.has(code) && knownCodes.get(code) !== spec)
      throw new Error(`error code ${code} defined twice`);
    knownCodes.set(code, spec);
  }
  return (
    code: keyof C & string,
    params: Record<string, string | number> = {},
    problems: Problem[] = [],
  ): AppError => new AppError(code as ErrorCode, params, problems);
}

export function isKnownErrorCode(code: string): boolean {
  return knownCodes.has(code);
}

/** One problem with one field or row, reported beside it in the form or the import error table. */
/** A problem as it travels in an answer (the schema of `Problem`). */
export const problemSchema = z.object({
  field: z.string(),
  message: z.string(),
  messageEn: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  code: z.string().optional(),
});

export interface Problem {
  /** The field path ("parentId", "units.3.name") or "Dòng 12: Số CCCD" for an import row. */
  field: string;
  /** Vietnamese, the first language; `messageEn` when the feature gives it in English too. */
  message: string;
  messageEn?: string | undefined;
  /** For a row of an imported file: the row number as Excel shows it, the column's header, and the kind. */
  row?: number | undefined;
  column?: string | undefined;
  code?: string | undefined;
}

export class AppError extends Error {
  /** A platform code, or a feature's (made through its `defineErrors` factory, which types it). */
  readonly code: string;
  constructor(
    code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly problems: Problem[] = [],
  ) {
    super(renderMessage(code, params, 'vi'));
    this.code = code;
  }
  get status(): number {
    return specOf(this.code).status;
  }
}

function specOf(code: string): ErrorSpec {
  const spec = knownCodes.get(code);
  if (!spec) throw new Error(`unknown error code ${code}`);
  return spec;
}

export function renderMessage(
  code: string,
  params: Record<string, string | number>,
  lang: 'vi' | 'en',
): string {
  const template: string = specOf(code)[lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
