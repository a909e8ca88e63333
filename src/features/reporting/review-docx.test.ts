/** The review report as a Word file: its text read back, its page and font, and LibreOffice opening it. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReviewDocx } from './review-docx';
import { seedReview } from './test-factories';

const run = promisify(execFile);
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

async function wordText(buffer: Buffer): Promise<string> {
  return collapse((await mammoth.extractRawText({ buffer })).value);
}

async function part(buffer: Buffer, path: string): Promise<string> {
  const file = (await JSZip.loadAsync(buffer)).file(path);
  if (!file) throw new Error(`${path} is missing from the document`);
  return file.async('string');
}

async function hasCommand(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

const NARRATIVE =
  'Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông trao 105 suất quà Tết cho đoàn viên trị giá 52.500.000 đồng; tặng 10 suất quà cho đoàn viên có hoàn cảnh khó khăn trị giá 3.000.000 đồng; thực hiện các công trình, phần việc chào mừng Đại hội trị giá 72.170.000 đồng; tổ chức Đại hội CĐCS đúng kỳ.';

let docx: Buffer;
beforeAll(async () => {
  docx = await renderReviewDocx(seedReview());
});

describe('the review report in Word', () => {
  it('reads in the order of an administrative document: header, title, sections, reporting, addressees, signature', async () => {
    const text = await wordText(docx);
    const parts = [
      'LĐLĐ TỈNH LÂM ĐỒNG LĐLĐ HUYỆN ĐAM RÔNG Số: 25/BC-LĐLĐ',
      'CÔNG ĐOÀN VIỆT NAM Đam Rông, ngày 12 tháng 7 năm 2023',
      'BÁO CÁO Sơ kết công tác công đoàn 6 tháng đầu năm 2023',
      'I. CÔNG TÁC TỔ CHỨC, PHÁT TRIỂN ĐOÀN VIÊN',
      'II. CÔNG TÁC CHĂM LO ĐỜI SỐNG ĐOÀN VIÊN',
      NARRATIVE,
      'III. TÌNH HÌNH BÁO CÁO',
      'Nơi nhận: - LĐLĐ tỉnh (b/c); - Huyện ủy (b/c); - Các CĐCS; - Lưu VT.',
      'TM. BAN THƯỜNG VỤ CHỦ TỊCH Nguyễn Văn An',
    ];
    const at = parts.map((p) => text.indexOf(p));
    expect(
      at.every((i) => i >= 0),
      `missing: ${parts.filter((_, i) => at[i]! < 0).join(' | ')}`,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('lists each indicator with its figures, target, rate and last year, the "of which" parts under it', async () => {
    const text = await wordText(docx);
    expect(text).toContain(
      'TT Chỉ tiêu ĐVT Của đơn vị Của cấp dưới Tổng cộng Chỉ tiêu năm Tỷ lệ Cùng kỳ năm trước',
    );
    expect(text).toContain('2 Tổng số đoàn viên người 12 1.477 1.489 1.452 Trong đó: nữ người 7 805 812 3');
    expect(text).toContain('3 Kết nạp đoàn viên mới người 0 35 35 60 58,3% 41');
    expect(text).toContain('2 Giá trị quà Tết đồng 10.000.000 42.500.000 52.500.000 49.000.000');
    expect(text).toContain('6 Tổ chức Đại hội CĐCS đúng kỳ Có Có 7 Tỷ lệ CĐCS vững mạnh % 80,0%');
  });

  it('says who reported and lists the units that have not, with their officers', async () => {
    const text = await wordText(docx);
    expect(text).toContain(
      "Có 57/59 CĐCS đã báo cáo (96,6%), 3 báo cáo nộp muộn; 2 đơn vị chưa báo cáo: CĐCS Trường THCS Phi Liêng, CĐCS UBND xã Đạ K'Nàng.",
    );
    expect(text).toContain(
      "TT Mã Đơn vị Cán bộ phụ trách 1 DR-041 CĐCS Trường THCS Phi Liêng Nguyễn Thị Hoa – 0912 345 678 2 DR-052 CĐCS UBND xã Đạ K'Nàng Ka Điệp – 0987 654 321",
    );
  });

  it('leaves the number blank to be written by hand when the report has none', async () => {
    const text = await wordText(await renderReviewDocx({ ...seedReview(), number: null }));
    expect(text).toMatch(/Số:\s+\/BC-LĐLĐ CÔNG ĐOÀN VIỆT NAM/u);
  });

  it('is an A4 page with the margins of an administrative document, in Times New Roman 13 pt', async () => {
    const document = await part(docx, 'word/document.xml');
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(document).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    // No run chooses a font of its own: every run is in the document's default font.
    expect(document).not.toContain('w:rFonts');
    const defaults =
      /<w:docDefaults>.*<\/w:docDefaults>/s.exec(await part(docx, 'word/styles.xml'))?.[0] ?? '';
    expect(defaults).toContain('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman"');
    expect(defaults).toContain('w:hAnsi="Times New Roman"');
    expect(defaults).toContain('<w:sz w:val="26"/>');
  });
});

describe('the review report opened by LibreOffice', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bao-cao-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('converts to an A4 PDF whose text keeps the Vietnamese', { timeout: 180_000 }, async () => {
    if (!(await hasCommand('soffice'))) {
      console.warn(
        '\n\n!!! LibreOffice (soffice) is not installed: the review report was NOT opened by an office suite. ' +
          'Install libreoffice-writer-nogui to run this test. !!!\n\n',
      );
      return;
    }
    const file = join(dir, 'bao-cao-so-ket.docx');
    await writeFile(file, docx);
    await run(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'pdf', '--outdir', dir, file],
      { timeout: 150_000 },
    );
    const pdf = join(dir, 'bao-cao-so-ket.pdf');
    const { stdout: info } = await run('pdfinfo', [pdf]);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const { stdout } = await run('pdftotext', [pdf, '-']);
    const text = collapse(stdout);
    expect(text).toContain('LĐLĐ HUYỆN ĐAM RÔNG');
    expect(text).toContain('Đam Rông, ngày 12 tháng 7 năm 2023');
    expect(text).toContain('Sơ kết công tác công đoàn 6 tháng đầu năm 2023');
    expect(text).toContain(NARRATIVE);
    expect(text).toContain("CĐCS UBND xã Đạ K'Nàng");
    expect(text).toContain('Nguyễn Văn An');
  });
});
