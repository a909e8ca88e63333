/**
 * The periodic reports' errors: each code with its HTTP status and its message in Vietnamese and English. The message
 * says what is wrong; the problems beside it name the indicator, field or row.
 */
import { defineErrors, type Problem } from '../../platform/errors';

export const reportErrorCatalog = {
  report_form_not_found: {
    status: 404,
    vi: 'Không tìm thấy biểu mẫu báo cáo "{form}".',
    en: 'Report form "{form}" not found.',
  },
  report_period_invalid: {
    status: 400,
    vi: 'Kỳ báo cáo "{period}" không hợp lệ với biểu mẫu "{form}" ({hint}).',
    en: 'The period "{period}" does not fit form "{form}" ({hint}).',
  },
  report_not_expected: {
    status: 422,
    vi: '"{unit}" không phải nộp biểu mẫu "{form}" kỳ {period}: loại đơn vị không được giao biểu mẫu, hoặc đơn vị chưa thành lập hay đã kết thúc vào ngày cuối kỳ.',
    en: '"{unit}" does not file form "{form}" for {period}: its type is not assigned the form, or it did not exist on the period\'s last day.',
  },
  report_invalid_values: {
    status: 400,
    vi: 'Số liệu chưa hợp lệ; xem lỗi ghi bên cạnh từng chỉ tiêu.',
    en: 'Some figures are not valid; see the problem beside each indicator.',
  },
  report_not_editable: {
    status: 409,
    vi: 'Báo cáo của "{unit}" đang ở trạng thái "{status}": không sửa được số liệu. {hint}',
    en: 'The report of "{unit}" is "{statusEn}": its figures cannot be changed.',
  },
  report_wrong_status: {
    status: 409,
    vi: 'Báo cáo của "{unit}" đang ở trạng thái "{status}", không thể {action}.',
    en: 'The report of "{unit}" is "{statusEn}"; it cannot be {actionEn}.',
  },
  report_edited_meanwhile: {
    status: 409,
    vi: 'Đã có người sửa hoặc chuyển trạng thái báo cáo của "{unit}" trong lúc bạn làm việc; hãy tải lại để xem bản mới.',
    en: 'Someone changed the report of "{unit}" while you were working; reload to see the new version.',
  },
  report_form_changed: {
    status: 409,
    vi: 'Biểu mẫu "{form}" kỳ {period} vừa được cấp trên thay đổi trong lúc bạn nhập; hãy tải lại để nhập theo biểu mẫu mới.',
    en: 'Form "{form}" for {period} was changed while you were entering figures; reload to enter them on the new form.',
  },
  report_not_found: {
    status: 404,
    vi: 'Không tìm thấy báo cáo.',
    en: 'Report not found.',
  },
  report_no_approver: {
    status: 422,
    vi: 'Không tìm thấy đơn vị cấp trên có thẩm quyền duyệt báo cáo của "{unit}".',
    en: 'No upper union holds the power to approve the reports of "{unit}".',
  },
  report_not_approver: {
    status: 403,
    vi: 'Báo cáo của "{unit}" do "{approver}" duyệt; đơn vị đang làm việc không duyệt được.',
    en: 'The report of "{unit}" is approved by "{approver}", not by the unit you work as.',
  },
  report_reason_required: {
    status: 400,
    vi: 'Hãy ghi lý do {action}.',
    en: 'Give a reason to {actionEn}.',
  },
  report_target_invalid: {
    status: 400,
    vi: 'Chỉ tiêu giao chưa hợp lệ; xem lỗi ghi bên cạnh từng dòng.',
    en: 'Some targets are not valid; see the problem beside each row.',
  },
  report_import_invalid: {
    status: 400,
    vi: 'Tệp số liệu có {count} lỗi; không dòng nào được ghi. Sửa các dòng được nêu rồi nhập lại.',
    en: 'The file has {count} problems; nothing was written. Correct the rows named and import again.',
  },
  report_import_conflict: {
    status: 409,
    vi: 'Có {count} báo cáo đã được sửa hoặc chuyển trạng thái sau khi tệp được tải về; không dòng nào được ghi. Tải lại tệp mẫu để có số liệu mới nhất rồi nhập lại.',
    en: '{count} reports were changed after the file was downloaded; nothing was written. Download the template again and import anew.',
  },
  report_config_invalid: {
    status: 400,
    vi: 'Cấu hình báo cáo chưa hợp lệ; xem lỗi ghi bên cạnh từng mục.',
    en: 'The report configuration is not valid; see the problem beside each item.',
  },
  report_catalogue_exists: {
    status: 409,
    vi: 'Mã "{code}" đã có trong danh mục {what}; chọn mã khác.',
    en: 'The code "{code}" is already in the catalogue of {whatEn}; choose another.',
  },
  report_indicator_not_found: {
    status: 404,
    vi: 'Không tìm thấy chỉ tiêu "{code}" trong danh mục.',
    en: 'Indicator "{code}" is not in the catalogue.',
  },
  report_indicator_has_values: {
    status: 409,
    vi: 'Chỉ tiêu "{name}" đã có số liệu trong báo cáo: không đổi được kiểu giá trị hay cách tổng hợp. Hãy ngừng sử dụng chỉ tiêu này và tạo chỉ tiêu mới.',
    en: 'Indicator "{name}" already has figures in reports: its value type and aggregation cannot change. Deactivate it and create a new indicator.',
  },
  report_version_not_found: {
    status: 404,
    vi: 'Biểu mẫu "{form}" không có phiên bản áp dụng từ {validFrom}.',
    en: 'Form "{form}" has no version in force from {validFrom}.',
  },
  report_version_in_use: {
    status: 409,
    vi: 'Phiên bản áp dụng từ {validFrom} của biểu mẫu "{form}" đã có {count} báo cáo (kỳ {periods}): không sửa được. Hãy tạo phiên bản mới với ngày áp dụng sau các kỳ đó.',
    en: 'The version of form "{form}" in force from {validFrom} already has {count} reports (periods {periods}): it cannot be edited. Make a new version dated after those periods.',
  },
  report_version_date_invalid: {
    status: 409,
    vi: 'Không tạo được phiên bản áp dụng từ {validFrom}: {reason}',
    en: 'A version in force from {validFrom} cannot be made: {reasonEn}',
  },
} as const;

export const reportError = defineErrors(reportErrorCatalog);

export const formNotFound = (form: string) => reportError('report_form_not_found', { form });
export const periodInvalid = (form: string, period: string, hint: string) =>
  reportError('report_period_invalid', { form, period, hint });
export const notExpected = (unit: string, form: string, period: string) =>
  reportError('report_not_expected', { unit, form, period });
export const invalidValues = (problems: Problem[]) => reportError('report_invalid_values', {}, problems);
export const reportNotFound = () => reportError('report_not_found');
export const editedMeanwhile = (unit: string) => reportError('report_edited_meanwhile', { unit });
export const importInvalid = (problems: Problem[]) =>
  reportError('report_import_invalid', { count: problems.length }, problems);
export const importConflict = (problems: Problem[]) =>
  reportError('report_import_conflict', { count: problems.length }, problems);
export const targetInvalid = (problems: Problem[]) => reportError('report_target_invalid', {}, problems);
export const configInvalid = (problems: Problem[]) => reportError('report_config_invalid', {}, problems);
