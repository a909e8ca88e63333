/**
 * The review report (báo cáo sơ kết / tổng kết) of a unit for a form and a period, written out from the live figures:
 * the totals (own, below, total, target, rate, last year) narrated and tabled by section, who has not reported with
 * their officers, the superior of the period's last day in the header. As a Word file in the administrative format,
 * or as a workbook with the same parts.
 *
 * Choices the union may revisit:
 * - the place beside the date is where the unit sits: the commune recorded for it, else the place its name says
 *   ("LĐLĐ huyện Đam Rông" → "Đam Rông"), else its province, else its superior's place, else its short name;
 * - the number is left blank ("Số:     /BC-LĐLĐ") and so is the signer's name: the document is numbered by the
 *   office and signed by the chairman, whom the registry does not record (the unit's administrator is not always
 *   the chairman).
 */
import type { Database } from '../../../platform/db';
import { workbookOf, XLSX_TYPE, type SheetOfRows } from '../../../platform/spreadsheet';
import { formatAdministrativeDate, formatDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import type { Basis } from '../model';
import {
  formatFigure,
  issuerAbbreviationOf,
  periodInText,
  placeInName,
  reviewSubtitle,
  writeCompleteness,
  writeNarrative,
  type MissingUnit,
  type ReviewDocument,
  type ReviewRow,
} from '../review-document';
import { renderReviewDocx } from '../review-docx';
import * as treeStore from '../tree-store';
import { fileNameOf, loadUnit } from './common';
import { getCompleteness } from './completeness';
import { getTotals } from './report-totals';

export const DOCUMENT_FORMATS = ['docx', 'xlsx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ROMANS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

type TotalsRow = Awaited<ReturnType<typeof getTotals>>['rows'][number];

/** A row of the totals as the document shows it. A yes/no figure rolled up counts the units that said yes. */
function reviewRowOf(r: TotalsRow): ReviewRow {
  const ownYesNo = r.valueType === 'boolean' && r.below === null;
  const flag = (v: number | string | null) => (v === null ? null : typeof v === 'number' ? v !== 0 : v);
  return {
    code: r.code,
    name: r.nameVi,
    measure: ownYesNo ? '' : r.measure,
    valueType: r.valueType === 'boolean' ? (ownYesNo ? 'boolean' : 'count') : r.valueType,
    depth: r.parentCode ? 1 : 0,
    own: ownYesNo ? flag(r.own) : r.own,
    below: r.below,
    total: ownYesNo ? flag(r.total) : r.total,
    target: r.target,
    rate: r.rate,
    lastYear: typeof r.lastYear === 'number' ? r.lastYear : null,
    phraseVi: r.phraseVi,
    worthOf: r.worthOf,
  };
}

/** "Nguyễn Văn B – 0912 345 678; Ka Điệp" */
function officersText(officers: { fullName: string; phone: string | null; email: string | null }[]): string {
  const phone = (p: string) => (/^\d{10}$/.test(p) ? `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}` : p);
  return officers
    .map((o) => [o.fullName, o.phone ? phone(o.phone) : (o.email ?? '')].filter(Boolean).join(' – '))
    .join('; ');
}

/** The review report of a unit, as data (reports.read over the unit; `today` is the report's date, Vietnam time). */
export async function buildReviewDocument(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  basis: Basis,
  today: string = todayIso(),
): Promise<ReviewDocument> {
  const totals = await getTotals(db, actor, unitId, formId, periodCode, basis);
  const completeness = await getCompleteness(db, actor, unitId, formId, periodCode);
  const end = totals.period.end;
  const [unit, place] = await Promise.all([loadUnit(db, unitId, end), treeStore.placeOf(db, unitId, end)]);
  const superior = place?.parentId ? await loadUnit(db, place.parentId, end) : null;
  const byCode = new Map(totals.rows.map((r) => [r.code, r]));
  const missing: MissingUnit[] = completeness.units
    .filter((u) => u.timeliness === 'missing')
    .map((u) => ({ code: u.code, name: u.name, officers: officersText(u.officers) }));
  const { expected, submitted, onTime, late } = completeness.overall;
  return {
    superiorName: superior ? superior.name.toLocaleUpperCase('vi') : '',
    issuerName: unit.name.toLocaleUpperCase('vi'),
    issuerNameInText: unit.name,
    issuerAbbreviation: issuerAbbreviationOf(unit.name),
    number: null,
    place:
      place?.commune?.replace(/^(xã|phường|thị trấn|đặc khu)\s+/iu, '') ||
      placeInName(unit.name) ||
      place?.province ||
      (superior ? placeInName(superior.name) : null) ||
      unit.shortName,
    date: today,
    title: 'BÁO CÁO',
    subtitle: reviewSubtitle(totals.form.nameVi, totals.period.labelVi),
    periodLabel: periodInText(totals.period.labelVi),
    sections: totals.sections.map((s, i) => ({
      heading: `${ROMANS[i] ?? String(i + 1)}. ${s.titleVi.toLocaleUpperCase('vi')}`,
      rows: s.indicators
        .map((code) => byCode.get(code))
        .filter((r): r is TotalsRow => r !== undefined)
        .map(reviewRowOf),
    })),
    completeness: { expected, submitted, onTime, late, missing: expected - submitted },
    missing,
    recipients: [...(superior ? [`- ${superior.name} (b/c);`] : []), '- Lưu VT.'],
    signer: { onBehalf: 'TM. BAN THƯỜNG VỤ', title: 'CHỦ TỊCH', name: '' },
  };
}

/** The document's name as its title reads ("Báo cáo sơ kết … - LĐLĐ tỉnh …"). */
function documentFileName(doc: ReviewDocument, format: DocumentFormat): string {
  const subject = doc.subtitle.charAt(0).toLocaleLowerCase('vi') + doc.subtitle.slice(1);
  return fileNameOf([`Báo cáo ${subject}`, doc.issuerNameInText ?? doc.issuerName], format);
}

/** The same parts as the Word file, one sheet each: the text, the table of figures, who has not reported. */
export function reviewSheets(doc: ReviewDocument): SheetOfRows[] {
  const text: (string | null)[][] = [
    [doc.superiorName],
    [doc.issuerName],
    [`${doc.place}, ${formatAdministrativeDate(doc.date) ?? formatDate(doc.date)}`],
    [],
    [doc.subtitle],
  ];
  for (const section of doc.sections)
    text.push([], [section.heading], ...writeNarrative(doc, section).map((p) => [p]));
  text.push(
    [],
    ['TÌNH HÌNH BÁO CÁO'],
    [writeCompleteness(doc)],
    [],
    ['Nơi nhận:'],
    ...doc.recipients.map((r) => [r]),
  );
  text.push([], [doc.signer.onBehalf], [doc.signer.title], [doc.signer.name]);
  const figure = (v: number | string | boolean | null, row: ReviewRow) =>
    typeof v === 'number' && row.valueType !== 'percent' ? v : formatFigure(v, row.valueType);
  const figures = doc.sections.flatMap((section) => {
    let n = 0;
    return section.rows.map((row) => [
      section.heading,
      row.depth === 0 ? String(++n) : '',
      row.name,
      row.measure,
      figure(row.own, row),
      row.below === null ? null : figure(row.below, row),
      figure(row.total, row),
      row.target,
      row.rate === null ? null : Math.round(row.rate * 1000) / 10,
      row.lastYear === null ? null : figure(row.lastYear, row),
    ]);
  });
  return [
    { name: 'Báo cáo', widths: [110], header: [doc.title], rows: text },
    {
      name: 'Số liệu',
      widths: [30, 5, 45, 10, 14, 14, 14, 12, 10, 14],
      header: [
        'Phần',
        'TT',
        'Chỉ tiêu',
        'ĐVT',
        'Của đơn vị',
        'Của cấp dưới',
        'Tổng cộng',
        'Chỉ tiêu năm',
        'Tỷ lệ (%)',
        'Cùng kỳ năm trước',
      ],
      rows: figures,
    },
    {
      name: 'Chưa báo cáo',
      widths: [5, 16, 45, 50],
      header: ['TT', 'Mã', 'Đơn vị', 'Cán bộ phụ trách'],
      rows: doc.missing.map((m, i) => [i + 1, m.code, m.name, m.officers]),
    },
  ];
}

/** The review report as a file to download: Word (the administrative document) or Excel (the same parts). */
export async function reviewDocumentFile(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  options: { format: DocumentFormat; basis: Basis },
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const doc = await buildReviewDocument(db, actor, unitId, formId, periodCode, options.basis);
  const fileName = documentFileName(doc, options.format);
  if (options.format === 'docx')
    return { fileName, contentType: DOCX_TYPE, body: await renderReviewDocx(doc) };
  const body = await workbookOf(reviewSheets(doc), {
    creator: doc.issuerNameInText ?? '',
    title: doc.subtitle,
  });
  return { fileName, contentType: XLSX_TYPE, body };
}
