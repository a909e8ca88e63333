/** The review report's narrative, written from the figures as the union writes it. */
import { describe, expect, it } from 'vitest';
import {
  documentNumberLine,
  formatFigure,
  unitNameInText,
  writeCompleteness,
  writeNarrative,
  type ReviewDocument,
} from './review-document';
import { reviewRow, seedReview } from './test-factories';

const section = (doc: ReviewDocument, index: number) => doc.sections[index]!;

describe('the narrative of a section', () => {
  it('tells the organisation figures with the "of which" part in parentheses and the share of the yearly target', () => {
    const doc = seedReview();
    expect(writeNarrative(doc, section(doc, 0))).toEqual([
      'Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông có 59 CĐCS trực thuộc; quản lý 1.489 đoàn viên (trong đó nữ 812); kết nạp 35 đoàn viên, đạt 58,3% chỉ tiêu năm.',
    ]);
  });

  it('tells what the gifts were worth inside the phrase of the gifts, and a "yes" without a figure', () => {
    const doc = seedReview();
    expect(writeNarrative(doc, section(doc, 1))).toEqual([
      'Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông trao 105 suất quà Tết cho đoàn viên trị giá 52.500.000 đồng; tặng 10 suất quà cho đoàn viên có hoàn cảnh khó khăn trị giá 3.000.000 đồng; thực hiện các công trình, phần việc chào mừng Đại hội trị giá 72.170.000 đồng; tổ chức Đại hội CĐCS đúng kỳ.',
    ]);
  });

  it('says the money on its own when the row it belongs to has nothing to say', () => {
    const doc = seedReview();
    const rows = section(doc, 1).rows.map((r) => (r.code === 'QT' ? { ...r, total: null, own: null } : r));
    const [paragraph] = writeNarrative(doc, { heading: 'II', rows: rows.slice(0, 2) });
    expect(paragraph).toBe('Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông chi 52.500.000 đồng quà Tết.');
  });

  it('has no paragraph for a section without figures, nor for a "no"', () => {
    const doc = seedReview();
    const rows = [
      reviewRow({ code: 'A', name: 'A', phraseVi: 'kết nạp {value} đoàn viên' }),
      reviewRow({ code: 'B', name: 'B', valueType: 'boolean', total: false, phraseVi: 'tổ chức Đại hội' }),
      reviewRow({ code: 'C', name: 'C', total: 3, phraseVi: null }),
    ];
    expect(writeNarrative(doc, { heading: 'III', rows })).toEqual([]);
  });

  it('uses the own figure when nothing was rolled up, and the name given for sentences', () => {
    const doc = { ...seedReview(), issuerNameInText: 'Liên đoàn Lao động huyện Đam Rông' };
    const rows = [reviewRow({ code: 'A', name: 'A', own: 4, phraseVi: 'tổ chức {value} lớp tập huấn' })];
    expect(writeNarrative(doc, { heading: 'III', rows })).toEqual([
      'Trong 6 tháng đầu năm 2023, Liên đoàn Lao động huyện Đam Rông tổ chức 4 lớp tập huấn.',
    ]);
  });
});

describe('the reporting sentence', () => {
  it('counts who reported, who was late, and names who has not', () => {
    expect(writeCompleteness(seedReview())).toBe(
      "Có 57/59 CĐCS đã báo cáo (96,6%), 3 báo cáo nộp muộn; 2 đơn vị chưa báo cáo: CĐCS Trường THCS Phi Liêng, CĐCS UBND xã Đạ K'Nàng.",
    );
  });

  it('says when every unit reported on time', () => {
    const doc = seedReview();
    doc.completeness = { expected: 59, submitted: 59, onTime: 59, late: 0, missing: 0, unitLabel: 'CĐCS' };
    doc.missing = [];
    expect(writeCompleteness(doc)).toBe('Có 59/59 CĐCS đã báo cáo (100,0%), tất cả đúng hạn.');
  });

  it('names ten units at most; the table lists them all', () => {
    const doc = seedReview();
    doc.missing = Array.from({ length: 12 }, (_, i) => ({
      code: `U${i}`,
      name: `CĐCS ${i + 1}`,
      officers: '',
    }));
    doc.completeness = { expected: 20, submitted: 8, onTime: 8, late: 0, missing: 12 };
    expect(writeCompleteness(doc)).toBe(
      'Có 8/20 đơn vị đã báo cáo (40,0%), tất cả đúng hạn; 12 đơn vị chưa báo cáo: CĐCS 1, CĐCS 2, CĐCS 3, CĐCS 4, CĐCS 5, CĐCS 6, CĐCS 7, CĐCS 8, CĐCS 9, CĐCS 10 và 2 đơn vị khác.',
    );
  });
});

describe('the pieces of the document', () => {
  it('writes a unit name inside a sentence', () => {
    expect(unitNameInText('LĐLĐ HUYỆN ĐAM RÔNG')).toBe('LĐLĐ huyện Đam Rông');
    expect(unitNameInText('LĐLĐ THÀNH PHỐ ĐÀ LẠT')).toBe('LĐLĐ thành phố Đà Lạt');
    expect(unitNameInText('CÔNG ĐOÀN NGÀNH GIÁO DỤC TỈNH LÂM ĐỒNG')).toBe(
      'Công đoàn ngành giáo dục tỉnh Lâm Đồng',
    );
    expect(unitNameInText('CĐCS TRƯỜNG THCS PHI LIÊNG')).toBe('CĐCS Trường THCS Phi Liêng');
  });

  it('shows figures the Vietnamese way', () => {
    expect(formatFigure(1489, 'count')).toBe('1.489');
    expect(formatFigure(52_500_000, 'money')).toBe('52.500.000');
    expect(formatFigure(35 / 60, 'percent')).toBe('58,3%');
    expect(formatFigure(true, 'boolean')).toBe('Có');
    expect(formatFigure(false, 'boolean')).toBe('Không');
    expect(formatFigure(null, 'count')).toBe('');
    expect(formatFigure(2.5, 'count')).toBe('2,5');
  });

  it('leaves the number blank to be filled by hand when the report has none', () => {
    expect(documentNumberLine(seedReview())).toBe('Số: 25/BC-LĐLĐ');
    expect(documentNumberLine({ ...seedReview(), number: 'Số: 25/BC-LĐLĐ' })).toBe('Số: 25/BC-LĐLĐ');
    expect(documentNumberLine({ ...seedReview(), number: null })).toBe(
      'Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-LĐLĐ',
    );
  });
});
