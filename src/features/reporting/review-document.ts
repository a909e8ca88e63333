/**
 * The review report (báo cáo sơ kết / tổng kết) as pure data, and its narrative written from the figures the way the
 * union writes it: "Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông kết nạp 35 đoàn viên, đạt 58,3% chỉ tiêu năm; …".
 * No I/O: the Word file is `review-docx.ts`.
 */
import { formatNumber, formatPercent } from '../../lib/numbers';

/** How a figure is read and shown. A percent is a ratio (0.583 → 58,3%), money integer VND. */
export type ValueType = 'count' | 'money' | 'percent' | 'boolean' | 'text';

export interface ReviewRow {
  code: string;
  /** "Kết nạp đoàn viên mới"; an "of which" part: "Trong đó: nữ" or just "nữ" */
  name: string;
  /** the unit of measure: "người", "đơn vị", "đồng", "suất", "căn", "lượt", "%" */
  measure: string;
  valueType: ValueType;
  /** 0 = indicator, 1 = an "of which" part of the indicator above it */
  depth: number;
  /** what the unit did itself ("của đơn vị") */
  own: number | string | boolean | null;
  /** the roll-up of the units below ("của cấp dưới") */
  below: number | null;
  total: number | string | boolean | null;
  /** the yearly target, if any */
  target: number | null;
  /** total / target as a ratio (0.583), if a target exists */
  rate: number | null;
  /** the same period last year */
  lastYear: number | null;
  /** A phrase template for the narrative, "kết nạp {value} đoàn viên", "trao {value} suất quà"; null: not narrated */
  phraseVi: string | null;
  /** When this figure's money belongs to another row's phrase: the code of the row whose phrase gets "trị giá {money}" */
  worthOf?: string | null;
}

export interface ReviewSection {
  heading: string;
  rows: ReviewRow[];
}

export interface ReviewCompleteness {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  /** what the reporting units are called in the sentence ("CĐCS", "LĐLĐ huyện"); "đơn vị" when absent */
  unitLabel?: string;
}

export interface MissingUnit {
  code: string;
  name: string;
  /** the officers in charge, as one text ("Nguyễn Văn B – 0912 345 678") */
  officers: string;
}

export interface ReviewDocument {
  /** the issuing unit's superior, upper case: "LĐLĐ TỈNH LÂM ĐỒNG" */
  superiorName: string;
  /** the issuing unit, upper case: "LĐLĐ HUYỆN ĐAM RÔNG" */
  issuerName: string;
  /** how the issuer reads inside a sentence ("LĐLĐ huyện Đam Rông"); derived from `issuerName` when absent */
  issuerNameInText?: string;
  /** the issuer's abbreviation in a document number ("LĐLĐ" in "25/BC-LĐLĐ"), used when `number` is null */
  issuerAbbreviation?: string;
  /** "25/BC-LĐLĐ" (a leading "Số:" is tolerated); null: the number is left blank to be filled by hand */
  number: string | null;
  place: string;
  /** ISO date of the report */
  date: string;
  title: string;
  subtitle: string;
  /** "6 tháng đầu năm 2023" */
  periodLabel: string;
  sections: ReviewSection[];
  completeness: ReviewCompleteness;
  /** units that have not reported */
  missing: MissingUnit[];
  /** the "Nơi nhận:" list: "- LĐLĐ tỉnh (b/c);" … */
  recipients: string[];
  /** "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH" / "Nguyễn Văn A" */
  signer: { onBehalf: string; title: string; name: string };
}

/** The figure a row stands for: the total, or what the unit did itself when nothing was rolled up. */
export function rowValue(row: ReviewRow): number | string | boolean | null {
  return row.total ?? row.own;
}

/** A figure as the tables show it: 1.489 · 52.500.000 · 58,3% · Có/Không; empty when there is none. */
export function formatFigure(value: number | string | boolean | null, valueType: ValueType): string {
  if (value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string') return value;
  if (valueType === 'percent') return formatPercent(value);
  if (valueType === 'money') return formatNumber(Math.round(value));
  return formatNumber(value, Number.isInteger(value) ? 0 : 1);
}

/** A figure as a sentence says it: money with "đồng". */
function figureInText(value: number | string | boolean, valueType: ValueType): string {
  const shown = formatFigure(value, valueType);
  return valueType === 'money' && typeof value === 'number' ? `${shown} đồng` : shown;
}

/** Words that stay lower case inside a unit's name in a sentence (the kinds of units and places). */
const LOWER_WORDS = new Set([
  'tỉnh',
  'thành',
  'phố',
  'huyện',
  'quận',
  'thị',
  'xã',
  'trấn',
  'phường',
  'đặc',
  'khu',
  'công',
  'đoàn',
  'cơ',
  'sở',
  'ngành',
  'giáo',
  'dục',
  'y',
  'tế',
]);
const VOWEL = /[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/iu;

/**
 * "LĐLĐ HUYỆN ĐAM RÔNG" → "LĐLĐ huyện Đam Rông": abbreviations (no vowel) stay, the kinds of units go lower case,
 * the proper names take capitals. A name this cannot guess is given as `issuerNameInText`.
 */
export function unitNameInText(upperName: string): string {
  const words = upperName.trim().split(/\s+/);
  const kindsEnd = words.findIndex(
    (w, i) => i > 0 && VOWEL.test(w) && !LOWER_WORDS.has(w.toLocaleLowerCase('vi')),
  );
  return words
    .map((w, i) => {
      if (!VOWEL.test(w)) return w;
      const lower = w.toLocaleLowerCase('vi');
      if ((kindsEnd === -1 || i < kindsEnd) && LOWER_WORDS.has(lower) && i > 0) return lower;
      return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
    })
    .join(' ');
}

function fill(phrase: string, value: string): string {
  return phrase.replace('{value}', value).replace(/\s+/g, ' ').trim();
}

/** Whether a row has something to say: a phrase and a figure (a "no" is not narrated). */
function narratable(row: ReviewRow): boolean {
  const value = rowValue(row);
  return row.phraseVi !== null && value !== null && value !== '' && value !== false;
}

function phraseOf(row: ReviewRow): string {
  const value = rowValue(row);
  if (row.phraseVi === null || value === null || value === false) return '';
  return fill(row.phraseVi, value === true ? '' : figureInText(value, row.valueType));
}

/** One clause per narrated indicator: its phrase, what it was worth, its "of which" parts, how far the target is met. */
function sectionClauses(rows: ReviewRow[]): string[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const worthBelongsTo = (row: ReviewRow): ReviewRow | undefined => {
    const owner = row.worthOf ? byCode.get(row.worthOf) : undefined;
    return owner && owner !== row && narratable(owner) ? owner : undefined;
  };
  const clauses: string[] = [];
  rows.forEach((row, index) => {
    if (row.depth > 0 || !narratable(row) || worthBelongsTo(row)) return;
    let clause = phraseOf(row);
    for (const worth of rows) {
      const money = rowValue(worth);
      if (worthBelongsTo(worth) === row && typeof money === 'number')
        clause += ` trị giá ${figureInText(money, 'money')}`;
    }
    const parts: string[] = [];
    for (let i = index + 1; i < rows.length && rows[i]!.depth > 0; i++)
      if (narratable(rows[i]!) && !worthBelongsTo(rows[i]!)) parts.push(phraseOf(rows[i]!));
    if (parts.length) clause += ` (trong đó ${parts.join(', ')})`;
    if (row.rate !== null) clause += `, đạt ${formatPercent(row.rate)} chỉ tiêu năm`;
    clauses.push(clause);
  });
  return clauses;
}

/**
 * The paragraphs of a section, written from its figures: "Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông kết nạp
 * 35 đoàn viên, đạt 58,3% chỉ tiêu năm; trao 105 suất quà trị giá 52.500.000 đồng." Rows without a figure or a
 * phrase are left out; a section with nothing to say has no paragraph.
 */
export function writeNarrative(doc: ReviewDocument, section: ReviewSection): string[] {
  const clauses = sectionClauses(section.rows);
  if (clauses.length === 0) return [];
  const issuer = doc.issuerNameInText ?? unitNameInText(doc.issuerName);
  return [`Trong ${doc.periodLabel}, ${issuer} ${clauses.join('; ')}.`];
}

/** Names listed in the sentence; the table lists every one. */
const MISSING_NAMES_IN_TEXT = 10;

/**
 * How the units below reported: "Có 57/59 CĐCS đã báo cáo (96,6%), 3 báo cáo nộp muộn; 2 đơn vị chưa báo cáo: A, B."
 */
export function writeCompleteness(doc: ReviewDocument): string {
  const c = doc.completeness;
  const label = c.unitLabel ?? 'đơn vị';
  if (c.expected === 0) return `Kỳ báo cáo này không có ${label} nào phải báo cáo.`;
  const share = formatPercent(c.submitted / c.expected);
  let sentence = `Có ${formatNumber(c.submitted)}/${formatNumber(c.expected)} ${label} đã báo cáo (${share})`;
  if (c.submitted > 0)
    sentence += c.late > 0 ? `, ${formatNumber(c.late)} báo cáo nộp muộn` : ', tất cả đúng hạn';
  if (c.missing === 0) return `${sentence}.`;
  const names = doc.missing.slice(0, MISSING_NAMES_IN_TEXT).map((m) => m.name);
  const more = c.missing - names.length;
  const list = names.length
    ? `: ${names.join(', ')}${more > 0 ? ` và ${formatNumber(more)} đơn vị khác` : ''}`
    : '';
  return `${sentence}; ${formatNumber(c.missing)} đơn vị chưa báo cáo${list}.`;
}

/** "25/BC-LĐLĐ" → "Số: 25/BC-LĐLĐ"; no number: "Số:        /BC-LĐLĐ", to be filled by hand. */
export function documentNumberLine(doc: ReviewDocument): string {
  if (doc.number !== null && doc.number.trim() !== '')
    return `Số: ${doc.number.replace(/^\s*Số\s*:\s*/iu, '').trim()}`;
  return `Số:${'\u00a0'.repeat(8)}/BC-${doc.issuerAbbreviation ?? ''}`;
}

/** "Năm 2023" → "năm 2023", "Quý II/2023" → "quý II/2023": a period's label inside a sentence. */
export function periodInText(labelVi: string): string {
  return labelVi.charAt(0).toLocaleLowerCase('vi') + labelVi.slice(1);
}

/**
 * The subtitle under "BÁO CÁO", from the form's name and the period: "Báo cáo sơ kết công tác công đoàn 6 tháng" and
 * "6 tháng đầu năm 2023" → "Sơ kết công tác công đoàn 6 tháng đầu năm 2023" (the words the name ends with and the
 * period starts with are said once; "năm" + "năm 2023" → "năm 2023").
 */
export function reviewSubtitle(formNameVi: string, periodLabelVi: string): string {
  const subject = formNameVi
    .trim()
    .replace(/^báo cáo\s+/iu, '')
    .split(/\s+/);
  const period = periodInText(periodLabelVi.trim()).split(/\s+/);
  const same = (a: string, b: string) => a.toLocaleLowerCase('vi') === b.toLocaleLowerCase('vi');
  let overlap = 0;
  for (let n = Math.min(subject.length, period.length); n > 0 && overlap === 0; n--)
    if (subject.slice(-n).every((w, i) => same(w, period[i]!))) overlap = n;
  const text = [...subject, ...period.slice(overlap)].join(' ');
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

const PLACE_AFTER = /(?:^|\s)(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+(.+)$/iu;

/** The place a unit's name says it is in: "LĐLĐ huyện Đam Rông" → "Đam Rông"; null when the name says none. */
export function placeInName(name: string): string | null {
  const found = PLACE_AFTER.exec(name.trim());
  return found?.[1]?.trim() || null;
}

/** The abbreviation of a document number ("LĐLĐ" of "LĐLĐ huyện Đam Rông"); a name without one gives "CĐ". */
export function issuerAbbreviationOf(name: string): string {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first !== '' && !VOWEL.test(first) ? first : 'CĐ';
}
