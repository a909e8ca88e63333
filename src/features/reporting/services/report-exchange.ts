/**
 * Reports in and out of Excel: the template an upper union fills for its units (values already saved pre-filled),
 * its import, and any table of figures as a file (the totals, the ranking of the units below).
 */
import { compareVietnamese } from '../../../lib/text';
import type { Database } from '../../../platform/db';
import { workbookOf, XLSX_TYPE, type SheetOfRows } from '../../../platform/spreadsheet';
import type { Actor } from '../../access/model';
import { requireUnit } from '../../access/service';
import { invalidValues } from '../errors';
import { isEditable, STATUS_LABELS, type Basis, type ReportStatus } from '../model';
import * as submissionStore from '../submission-store';
import { resolveFormPeriod } from './catalogue';
import { fileNameOf, loadUnit, registryValuesOf, withFormulas } from './common';
import { expectedReports } from './completeness';
import { importReports, type ImportOptions, type ImportOutcome } from './import-reports';
import { readReportFile, writeReportTemplate, indicatorHeader } from './report-file';
import { getBreakdown, getTotals } from './report-totals';

export interface ExchangeFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The template for the units expected to report under `unitId`, the values already saved filled in. */
export async function buildReportTemplate(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
): Promise<ExchangeFile> {
  await requireUnit(db, actor, 'reports.write', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const importer = await loadUnit(db, unitId, fp.period.end);
  const expected = (await expectedReports(db, fp, unitId)).sort(
    (a, b) => a.unit.level - b.unit.level || compareVietnamese(a.unit.code, b.unit.code),
  );
  const submissions = new Map(
    (
      await submissionStore.submissionsOf(
        db,
        fp.form.id,
        fp.period.code,
        expected.map((r) => r.unit.id),
      )
    ).map((s) => [s.unitId, s]),
  );
  const statusOf = (unitId: string) => (submissions.get(unitId)?.status as ReportStatus | undefined) ?? null;
  // Every unit's values in one read, and the registry figures of those still being written in one more.
  const storedOf = new Map<string, submissionStore.ValueRow[]>();
  for (const v of await submissionStore.valuesOfUnits(
    db,
    fp.form.id,
    fp.period.code,
    [...submissions.keys()],
    [...new Set([...submissions.values()].map((s) => s.status))],
  ))
    if (storedOf.has(v.unitId)) storedOf.get(v.unitId)!.push(v);
    else storedOf.set(v.unitId, [v]);
  const editable = expected.map((r) => r.unit.id).filter((id) => !statusOf(id) || isEditable(statusOf(id)!));
  const registry = await registryValuesOf(db, fp, editable);
  const rows = [];
  for (const r of expected) {
    const status = statusOf(r.unit.id);
    const stored = storedOf.get(r.unit.id) ?? [];
    const values = new Map<string, number | string | null>();
    const numbers = new Map<string, number | null>();
    for (const v of stored) {
      values.set(v.indicatorCode, v.txt ?? v.num);
      if (v.txt === null) numbers.set(v.indicatorCode, v.num);
    }
    // A report being written shows the registry as it is now; a submitted one what it was given when submitted.
    for (const [code, v] of registry.get(r.unit.id) ?? []) numbers.set(code, v);
    withFormulas(fp.indicators, numbers);
    for (const i of fp.indicators) if (i.source !== 'typed') values.set(i.code, numbers.get(i.code) ?? null);
    rows.push({
      code: r.unit.code,
      name: r.unit.name,
      status,
      version: submissions.get(r.unit.id)?.version ?? null,
      values,
    });
  }
  const body = await writeReportTemplate({
    title: `${fp.form.nameVi} – ${fp.period.labelVi}`,
    importerName: importer.name,
    indicators: fp.indicators,
    rows,
  });
  return {
    fileName: fileNameOf([`Mẫu nhập ${fp.form.nameVi}`, fp.period.labelVi, importer.name], 'xlsx'),
    contentType: XLSX_TYPE,
    body,
  };
}

/** Imports a filled template into the units expected under `unitId` (import-reports.ts says how). */
export async function importReportFile(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  file: Buffer,
  options: ImportOptions & { fileName?: string | undefined },
): Promise<ImportOutcome> {
  await requireUnit(db, actor, 'reports.write', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const fileName = options.fileName ?? 'so-lieu.xlsx';
  const { rows, columnOf } = await readReportFile(file, fileName, fp.indicators);
  return importReports(db, actor, unitId, formId, periodCode, rows, options, {
    format: 'xlsx',
    fileName,
    columnOf,
  });
}

const percentOf = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The totals table of a unit (its own figures, those of the units below, the total, target, rate, last year). */
export async function totalsXlsx(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  basis: Basis,
): Promise<ExchangeFile> {
  const totals = await getTotals(db, actor, unitId, formId, periodCode, basis);
  const sheet: SheetOfRows = {
    name: 'Tổng hợp',
    widths: [48, 10, 16, 16, 12, 16, 14, 12, 16],
    header: [
      'Chỉ tiêu',
      'Đơn vị tính',
      'Của đơn vị',
      'Của cấp dưới',
      'Số đơn vị báo cáo',
      'Tổng cộng',
      'Chỉ tiêu năm',
      'Tỷ lệ đạt (%)',
      'Cùng kỳ năm trước',
    ],
    rows: totals.rows.map((r) => [
      indicatorHeader({ nameVi: r.nameVi, measure: '', parentCode: r.parentCode }),
      r.measure,
      r.own,
      r.below,
      r.reported,
      r.total,
      r.target,
      percentOf(r.rate),
      r.lastYear,
    ]),
  };
  const basisWord = basis === 'approved' ? 'đã duyệt' : 'đã nộp';
  return {
    fileName: fileNameOf(
      [`Tổng hợp ${totals.form.nameVi}`, totals.period.labelVi, totals.unit.name, `số liệu ${basisWord}`],
      'xlsx',
    ),
    contentType: XLSX_TYPE,
    body: await workbookOf([sheet], {
      creator: 'Công Đoàn Số',
      title: `${totals.form.nameVi} – ${totals.period.labelVi} – ${totals.unit.name} (số liệu ${basisWord})`,
    }),
  };
}

/** The units directly below: one indicator ranked (highest first), or every indicator as a column. */
export async function breakdownXlsx(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  basis: Basis,
  indicatorCode?: string,
): Promise<ExchangeFile> {
  const breakdown = await getBreakdown(db, actor, unitId, formId, periodCode, basis);
  const unit = await loadUnit(db, unitId, breakdown.period.end);
  const statusOf = (s: string | null) => (s ? STATUS_LABELS[s as ReportStatus] : 'Chưa nhập');
  const numeric = breakdown.indicators.filter((i) => i.valueType !== 'text');
  let sheet: SheetOfRows;
  if (indicatorCode) {
    const indicator = numeric.find((i) => i.code === indicatorCode);
    if (!indicator) throw invalidIndicator(indicatorCode);
    const ranked = [...breakdown.units].sort(
      (a, b) =>
        (b.figures[indicator.code]?.total ?? -Infinity) - (a.figures[indicator.code]?.total ?? -Infinity) ||
        compareVietnamese(a.name, b.name),
    );
    sheet = {
      name: 'Xếp hạng',
      widths: [8, 14, 40, 14, 18, 16, 12],
      header: [
        'Hạng',
        'Mã đơn vị',
        'Tên đơn vị',
        'Trạng thái',
        indicatorHeader({ ...indicator, parentCode: null }),
        'Chỉ tiêu năm',
        'Tỷ lệ đạt (%)',
      ],
      rows: ranked.map((u, n) => {
        const f = u.figures[indicator.code];
        return [
          f?.total === null || f?.total === undefined ? null : n + 1,
          u.code,
          u.name,
          statusOf(u.status),
          f?.total ?? null,
          f?.target ?? null,
          percentOf(f?.rate ?? null),
        ];
      }),
    };
  } else
    sheet = {
      name: 'Theo đơn vị',
      widths: [14, 40, 14, ...numeric.map(() => 18)],
      header: [
        'Mã đơn vị',
        'Tên đơn vị',
        'Trạng thái',
        ...numeric.map((i) => indicatorHeader({ ...i, parentCode: i.parentCode })),
      ],
      rows: breakdown.units.map((u) => [
        u.code,
        u.name,
        statusOf(u.status),
        ...numeric.map((i) => u.figures[i.code]?.total ?? null),
      ]),
    };
  return {
    fileName: fileNameOf(
      [
        `${indicatorCode ? 'Xếp hạng' : 'Các đơn vị trực thuộc'} ${breakdown.form.nameVi}`,
        breakdown.period.labelVi,
        unit.name,
        numeric.find((i) => i.code === indicatorCode)?.nameVi ?? '',
      ],
      'xlsx',
    ),
    contentType: XLSX_TYPE,
    body: await workbookOf([sheet], {
      creator: 'Công Đoàn Số',
      title: `${breakdown.form.nameVi} – ${breakdown.period.labelVi} – ${unit.name}`,
    }),
  };
}

function invalidIndicator(code: string) {
  return invalidValues([{ field: 'indicator', message: `Biểu mẫu không có chỉ tiêu số "${code}".` }]);
}
