import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readXlsxRows, type XlsxRow } from './rows';
import { escapeXmlText, streamedSheet, workbookOf, XlsxWriter, type SheetCell } from './writer';

const HEADER = ['Mã', 'Họ và tên', 'Ngày sinh', 'Ghi chú', 'Số', 'Đúng'];

const LONG = 'Nguyễn Thị Hồng Nhung – công nhân tổ 3, xưởng may Đức Trọng. '.repeat(500).slice(0, 32_767);

/** Rows that try every way a cell can go wrong: diacritics, XML's specials, empty cells, long text, dates. */
const ROWS: SheetCell[][] = [
  [
    'DV000001',
    'Nguyễn Văn Hùng',
    new Date('1985-07-14T00:00:00Z'),
    'Tổ trưởng <công đoàn> & "Đảng viên"',
    42,
    true,
  ],
  ['DV000002', 'Ðặng Thị Ánh Tuyết', new Date('2005-12-31T00:00:00Z'), null, 0.5, false],
  ['DV000003', '', undefined, LONG, -3, null],
  [
    "0012'34",
    '  khoảng trắng hai đầu  ',
    new Date('1900-03-01T00:00:00Z'),
    'dòng 1\ndòng 2\r\ndòng 3\tcột',
    1e15,
    true,
  ],
  ['_x0041_ giữ nguyên', 'ký tự lạ \u0001\u001f\uFFFF hết', null, 'Emoji 👷‍♀️ và 𠀀', null, null],
  [null, null, null, null, null, null],
  [
    'DV000007',
    'Hồ Thị Mỹ Lệ',
    new Date('2025-07-01T00:00:00Z'),
    'Ồ, ờ, ở, ỡ, ợ — ư ứ ừ ử ữ ự',
    1234567.89,
    false,
  ],
];

/** What our reader gives back for each cell: text, numbers, booleans, dates as Excel's serial day. */
function expectedCell(value: SheetCell): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.getTime() / 86_400_000 + 25_569;
  return value;
}

async function readBack(buffer: Buffer, sheet?: string): Promise<XlsxRow[]> {
  const rows: XlsxRow[] = [];
  await readXlsxRows(buffer, (row) => rows.push(row), sheet ? { sheet } : {});
  return rows;
}

async function writeFile(rows: readonly SheetCell[][] = ROWS): Promise<Buffer> {
  const sheet = streamedSheet({
    sheetName: 'Đoàn viên',
    columns: [{ width: 12 }, { width: 30 }, { width: 12 }, { width: 40 }, {}, { width: 8 }],
    header: HEADER,
    properties: { creator: 'Công Đoàn Số', title: 'Danh sách <thử> & "kiểm"' },
  });
  for (const row of rows) sheet.addRow(row);
  return sheet.finish();
}

describe('the hand-written .xlsx writer', () => {
  it('writes a file our reader reads back cell for cell', async () => {
    const rows = await readBack(await writeFile());
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect(rows[0]!.cells).toEqual(HEADER);
    const written = ROWS.filter((r) => r.some((c) => c !== null && c !== undefined && c !== ''));
    rows.slice(1).forEach((row, i) => {
      const expected = written[i]!.map(expectedCell);
      while (expected.length > 0 && expected[expected.length - 1] === null) expected.pop();
      expect(row.cells).toEqual(expected);
    });
  });

  it('writes a file ExcelJS opens: text, dates shown dd/mm/yyyy, numbers, booleans, the bold frozen header', async () => {
    const buffer = await writeFile();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Đoàn viên')!;
    expect(workbook.creator).toBe('Công Đoàn Số');
    expect(workbook.title).toBe('Danh sách <thử> & "kiểm"');
    expect(sheet.getRow(1).getCell(2).value).toBe('Họ và tên');
    expect(sheet.getRow(1).getCell(2).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(30);
    expect(sheet.getCell('B2').value).toBe('Nguyễn Văn Hùng');
    expect(sheet.getCell('D2').value).toBe('Tổ trưởng <công đoàn> & "Đảng viên"');
    expect(sheet.getCell('C2').value).toEqual(new Date('1985-07-14T00:00:00Z'));
    expect(sheet.getCell('C2').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('E2').value).toBe(42);
    expect(sheet.getCell('F2').value).toBe(true);
    expect(sheet.getCell('F3').value).toBe(false);
    expect(sheet.getCell('D3').value).toBeNull();
    expect(sheet.getCell('D4').value).toBe(LONG);
    expect(sheet.getCell('B4').value).toBeNull();
    expect(sheet.getCell('B5').value).toBe('  khoảng trắng hai đầu  ');
    expect(sheet.getCell('A5').value).toBe("0012'34");
    expect(sheet.getCell('D8').value).toBe('Ồ, ờ, ở, ỡ, ợ — ư ứ ừ ử ữ ự');
    expect(sheet.getCell('E8').value).toBe(1234567.89);
    expect(sheet.getCell('D6').value).toBe('Emoji 👷‍♀️ và 𠀀');
    expect(sheet.rowCount).toBe(8);
  });

  it('is a zip every part of which a common zip library reads, sizes and checksums agreeing', async () => {
    const zip = await JSZip.loadAsync(await writeFile());
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/core.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string', undefined);
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('&lt;công đoàn&gt; &amp; "Đảng viên"');
    expect(sheet).toContain('_x005F_x0041_ giữ nguyên');
  });

  it('escapes what XML and Excel cannot take as it is, and nothing else', () => {
    expect(escapeXmlText('Đoàn viên')).toBe('Đoàn viên');
    expect(escapeXmlText('a&b<c>d"e')).toBe('a&amp;b&lt;c&gt;d"e');
    expect(escapeXmlText('x\r\ny\u0000')).toBe('x_x000D_\ny_x0000_');
    expect(escapeXmlText('_x00e9_ and _x1')).toBe('_x005F_x00e9_ and _x1');
  });

  it('writes several sheets, text wrapped in the columns (a person’s own data)', async () => {
    const buffer = await workbookOf(
      [
        {
          name: 'Thông tin',
          widths: [20, 40],
          header: ['Mục', 'Giá trị'],
          rows: [['Họ và tên', 'Lê Thị Hồng']],
        },
        {
          name: 'Quá trình',
          widths: [12, 30],
          header: ['Ngày', 'Sự kiện'],
          rows: [
            ['01/07/2025', 'Chuyển đến'],
            [null, 5],
          ],
        },
      ],
      { creator: 'Công Đoàn Số', title: 'Dữ liệu cá nhân' },
    );
    expect((await readBack(buffer, 'Quá trình')).map((r) => r.cells)).toEqual([
      ['Ngày', 'Sự kiện'],
      ['01/07/2025', 'Chuyển đến'],
      [null, 5],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Thông tin', 'Quá trình']);
    expect(workbook.getWorksheet('Thông tin')!.getCell('B2').alignment?.wrapText).toBe(true);
  });

  it('refuses what Excel would not open: a cell too long, a sheet badly named, a number that is not one', async () => {
    await expect(writeFile([['x'.repeat(32_768)]])).rejects.toThrow(/32767/);
    await expect(writeFile([[Number.NaN]])).rejects.toThrow(/NaN/);
    expect(() => streamedSheet({ sheetName: 'a/b', columns: [], header: ['x'] })).toThrow(
      /cannot name a sheet/,
    );
  });

  it('streams: the first bytes leave before the last row is written, and a slow reader holds the writing back', async () => {
    const out = new PassThrough({ highWaterMark: 16 * 1024 });
    const writer = new XlsxWriter(out);
    const sheet = writer.sheet({ name: 'Đoàn viên', columns: [], header: ['Họ và tên', 'Ghi chú'] });
    let added = 0;
    let firstBytes = -1;
    const note = 'Công nhân nhà máy chè Cầu Đất, tổ sản xuất số 5, ca đêm. '.repeat(4);
    const writing = (async () => {
      for (let batch = 0; batch < 40; batch += 1) {
        for (let i = 0; i < 1000; i += 1) sheet.addRow([`Người ${(added += 1)}`, `${note}${added}`]);
        await sheet.ready();
        if (firstBytes < 0 && out.readableLength > 0) firstBytes = added;
      }
      await writer.finish();
    })();
    // Nobody reads yet: the writing stops on `ready` long before the 40,000th row.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(added).toBeLessThan(40_000);
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    out.resume();
    await writing;
    expect(firstBytes).toBeGreaterThanOrEqual(0);
    expect(firstBytes).toBeLessThan(40_000);
    const rows = await readBack(Buffer.concat(chunks));
    expect(rows).toHaveLength(40_001);
    expect(rows[40_000]!.cells).toEqual(['Người 40000', `${note}40000`]);
  });
});
