import { PassThrough } from 'node:stream';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  cellDate,
  cellDigits,
  cellText,
  decodeText,
  detectDelimiter,
  parseCsv,
  readSheetRows,
  type RawRow,
  type SheetRowsOptions,
} from './sheet-rows';
import { readXlsxRows, type XlsxRow } from './rows';
import { badFileReason } from '../../../test/support/errors';

// -------------------------------------------------------------------------------------------------------------
// Files

async function rowsOf(
  buffer: Buffer,
  fileName = 'tệp.xlsx',
  options: SheetRowsOptions = {},
): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  await readSheetRows(buffer, fileName, (row) => rows.push(row), options);
  return rows;
}

/** An .xlsx written with exceljs' Workbook (shared strings, like a file saved by Excel). */
async function workbookFile(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An .xlsx of one sheet written with exceljs' streaming WorkbookWriter. */
async function streamedFile(
  useSharedStrings: boolean,
  rows: readonly (readonly ExcelJS.CellValue[])[],
  sheetName = 'Dữ liệu',
): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => stream.on('end', resolve).on('error', reject));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings });
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow([...row]).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A zip of the given files, deflated (8) or stored (0): .xlsx files exceljs would never write. */
async function zip(files: Record<string, string | Buffer>, method: 0 | 8 = 8): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, content] of Object.entries(files)) archive.file(name, content);
  return archive.generateAsync({ type: 'nodebuffer', compression: method === 8 ? 'DEFLATE' : 'STORE' });
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A minimal .xlsx by hand: the given sheets' XML (their <sheetData> content unless `whole`) and shared strings. */
async function handMadeXlsx(
  sheets: { name: string; data: string; state?: string; whole?: boolean }[],
  sharedStrings?: string,
  method: 0 | 8 = 8,
): Promise<Buffer> {
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types/>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
      sheets
        .map(
          (s, i) =>
            `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
        )
        .join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="/xl/worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId99" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  };
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = s.whole
      ? s.data
      : `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${MAIN}"><dimension ref="A1"/><sheetData>${s.data}</sheetData><pageMargins left="0.7"/></worksheet>`;
  });
  if (sharedStrings !== undefined)
    files['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${MAIN}">${sharedStrings}</sst>`;
  return zip(files, method);
}

const cells = (rows: readonly RawRow[]) => rows.map((r) => [r.rowNumber, [...r.cells]]);

// -------------------------------------------------------------------------------------------------------------
// Values

/** Every Vietnamese letter: the vowels with each of the five tone marks and without, upper and lower case, and đ. */
const VIETNAMESE = (() => {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const letters = vowels.flatMap((v) => tones.map((t) => `${v}${t}`.normalize('NFC')));
  const all = [...letters, 'đ'];
  return [...all, ...all.map((l) => l.toUpperCase())].join('');
})();

const SAMPLE_ROWS: ExcelJS.CellValue[][] = [
  ['Họ và tên', 'Số CCCD', 'Ngày sinh', 'Đảng viên', 'Tổng', 'Trống', 'Ghi chú'],
  [
    'Nguyễn Thị Hoa',
    '001234567890',
    new Date(Date.UTC(1990, 4, 31)),
    true,
    { formula: '1+2', result: 3 },
    null,
    'A & B <C>',
  ],
  [
    'Trần Văn Đức',
    12345678901,
    new Date(Date.UTC(2001, 0, 2)),
    false,
    { formula: '"x"&"y"', result: 'xy' },
    null,
    '  cách  ',
  ],
];

const SAMPLE_EXPECTED = [
  [1, ['Họ và tên', 'Số CCCD', 'Ngày sinh', 'Đảng viên', 'Tổng', 'Trống', 'Ghi chú']],
  [2, ['Nguyễn Thị Hoa', '001234567890', 33024, true, 3, null, 'A & B <C>']],
  [3, ['Trần Văn Đức', 12345678901, 36893, false, 'xy', null, '  cách  ']],
];

describe('cell values', () => {
  it('turns cells into text, dates and digits', () => {
    expect(cellText('  Hoa ')).toBe('Hoa');
    expect(cellText(12)).toBe('12');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(true)).toBe('Có');
    expect(cellText(false)).toBe('Không');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellDate(45000)).toBe('2023-03-15');
    // A date and time in the afternoon is still that day.
    expect(cellDate(45000.75)).toBe('2023-03-15');
    expect(cellDate('31/5/1990')).toBe('1990-05-31');
    expect(cellDate('2024-03-05T00:00:00Z')).toBe('2024-03-05');
    expect(cellDate('mai')).toBe('mai');
    expect(cellDigits(12345678901, 12)).toBe('012345678901');
    expect(cellDigits('0912345678', 10)).toBe('0912345678');
    expect(cellDigits(912345678, 10)).toBe('0912345678');
  });
});

// -------------------------------------------------------------------------------------------------------------
// .xlsx

describe('reading .xlsx', () => {
  it('reads a file written by the Workbook writer: shared strings, numbers, dates, booleans, formulas', async () => {
    const file = await workbookFile((workbook) => {
      const sheet = workbook.addWorksheet('Dữ liệu');
      for (const row of SAMPLE_ROWS) sheet.addRow(row);
      sheet.getCell('B2').numFmt = '@';
      sheet.getCell('C2').numFmt = 'dd/mm/yyyy';
    });
    const rows = await rowsOf(file);
    expect(cells(rows)).toEqual(SAMPLE_EXPECTED);
    expect(cellDate(rows[1]!.cells[2])).toBe('1990-05-31');
    expect(cellDigits(rows[2]!.cells[1], 12)).toBe('012345678901');
    expect(cellText(rows[1]!.cells[3])).toBe('Có');
  });

  it('reads files of the streaming writer, with and without shared strings, the same', async () => {
    for (const shared of [true, false]) {
      const rows = await rowsOf(await streamedFile(shared, SAMPLE_ROWS));
      expect(cells(rows)).toEqual(SAMPLE_EXPECTED);
    }
  });

  it('joins the runs of rich text, shared or inline', async () => {
    const rich: ExcelJS.CellValue = {
      richText: [
        { text: 'Đoàn ', font: { bold: true } },
        { text: 'viên', font: { italic: true } },
        { text: ' mới' },
      ],
    };
    const row = ['trước', rich, 'sau'];
    const expected = [[1, ['trước', 'Đoàn viên mới', 'sau']]];
    expect(cells(await rowsOf(await workbookFile((w) => w.addWorksheet('A').addRow(row))))).toEqual(expected);
    expect(cells(await rowsOf(await streamedFile(false, [row])))).toEqual(expected);
    expect(cells(await rowsOf(await streamedFile(true, [row])))).toEqual(expected);
  });

  it('keeps every Vietnamese letter whole over many rows, however the file is cut into pieces', async () => {
    // Rows of different lengths, so that the letters fall on every byte offset of the pieces.
    const expected = Array.from({ length: 4000 }, (_, i) => {
      const shift = i % VIETNAMESE.length;
      const text = VIETNAMESE.slice(shift) + VIETNAMESE.slice(0, shift);
      return [`${text.slice(0, 1 + (i % 37))} ${i}`, text, `Nguyễn Thị Ánh Tuyết ${i}`];
    });
    const check = (rows: readonly { rowNumber: number; cells: readonly unknown[] }[]) => {
      expect(rows).toHaveLength(expected.length);
      rows.forEach((row, i) => expect(row.cells).toEqual(expected[i]));
      expect(rows.some((row) => row.cells.some((c) => String(c).includes('\uFFFD')))).toBe(false);
    };
    const inline = await streamedFile(false, expected);
    const shared = await streamedFile(true, expected);
    check(await rowsOf(inline));
    check(await rowsOf(shared));
    for (const chunkSize of [997, 4093]) {
      for (const file of [inline, shared]) {
        const rows: XlsxRow[] = [];
        await readXlsxRows(file, (row) => rows.push(row), { chunkSize });
        check(rows);
      }
    }
  });

  it('keeps the columns of empty cells in the middle and the numbers of rows after empty rows', async () => {
    const file = await workbookFile((workbook) => {
      const sheet = workbook.addWorksheet('A');
      sheet.getCell('A1').value = 'đầu';
      sheet.getCell('D1').value = 'cuối';
      sheet.getCell('C4').value = 7;
      sheet.getCell('E6').value = 'x';
    });
    expect(cells(await rowsOf(file))).toEqual([
      [1, ['đầu', null, null, 'cuối']],
      [4, [null, null, 7]],
      [6, [null, null, null, null, 'x']],
    ]);
  });

  it('reads a hand-made file: inline strings, cells and rows without references, every cell type', async () => {
    const data =
      '<row><c t="inlineStr"><is><t>Lê Thị Bảo</t></is></c><c><v>2</v></c>' +
      '<c t="inlineStr"><is><r><rPr><b/></rPr><t>Phi </t></r><r><t xml:space="preserve">Liêng </t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></is></c></row>' +
      '<row r="5" spans="1:9"><c r="C5" s="2"><v>3.25</v></c><c s="1"/><c><v>-4E-3</v></c></row>' +
      '<row><c t="e"><v>#N/A</v></c><c t="d"><v>2024-03-05T00:00:00Z</v></c><c t="b"><v>0</v></c>' +
      '<c t="str"><f>A1&amp;"!"</f><v>Lê &amp; Bảo</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c><c t="s"><v>1</v></c></row>' +
      '<row r="9"/><row><c r="B10" t="s"><v>0</v></c></row>';
    const strings =
      '<si><t>chung &#233;&#x1EA1; &quot;q&quot; &lt;&gt; dòng_x000D_\nhai</t></si><si><t/></si>';
    for (const method of [8, 0] as const) {
      const rows = await rowsOf(await handMadeXlsx([{ name: 'Tay', data }], strings, method));
      expect(cells(rows)).toEqual([
        [1, ['Lê Thị Bảo', 2, 'Phi Liêng ']],
        [5, [null, null, 3.25, null, -0.004]],
        [6, ['#N/A', '2024-03-05T00:00:00Z', false, 'Lê & Bảo', '#DIV/0!', '']],
        [10, [null, 'chung éạ "q" <> dòng\r\nhai']],
      ]);
      expect(cellDate(rows[2]!.cells[1])).toBe('2024-03-05');
    }
  });

  it('reads the same however small the pieces the XML is scanned in', async () => {
    const data =
      '<row r="2"><c r="A2" t="inlineStr"><is><t>Lê &amp; Bảo</t></is></c><c r="C2" s="1"/><c r="D2"><f>1+1</f><v>2</v></c>' +
      '<c r="E2" t="s"><v>0</v></c></row><!-- chú thích > --><row r="3"><c r="B3" t="str"><v>&#x1EA0;&lt;</v></c></row>';
    const file = await handMadeXlsx([{ name: 'A', data }], '<si><r><t>Phạm </t></r><r><t>Thị</t></r></si>');
    const expected = [
      [2, ['Lê & Bảo', null, null, 2, 'Phạm Thị']],
      [3, [null, 'Ạ<']],
    ];
    expect(cells(await rowsOf(file))).toEqual(expected);
    for (const chunkSize of [1, 2, 3, 5, 7, 64]) {
      const rows: XlsxRow[] = [];
      await readXlsxRows(file, (row) => rows.push(row), { chunkSize });
      expect(cells(rows)).toEqual(expected);
    }
  });

  it('reads tags with a namespace prefix', async () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Mã</x:t></x:is></x:c><x:c r="B1"><x:v>42</x:v></x:c></x:row>' +
      '<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const file = await handMadeXlsx([{ name: 'S', data: xml, whole: true }], '<si><t>chung</t></si>');
    expect(cells(await rowsOf(file))).toEqual([
      [1, ['Mã', 42]],
      [2, [null, 'chung']],
    ]);
  });

  it('skips a hidden first sheet and skipped sheets, and reads a sheet asked for by name', async () => {
    const file = await workbookFile((workbook) => {
      workbook.addWorksheet('Danh mục', { state: 'hidden' }).addRow(['ẩn']);
      workbook.addWorksheet('Hướng dẫn').addRow(['hướng dẫn']);
      workbook.addWorksheet('Đơn vị').addRow(['dữ liệu']);
    });
    const first = async (options: SheetRowsOptions) =>
      cellText((await rowsOf(file, 'a.xlsx', options))[0]!.cells[0]);
    expect(await first({})).toBe('hướng dẫn');
    expect(await first({ skipSheets: ['Hướng dẫn', 'Danh mục'] })).toBe('dữ liệu');
    expect(await first({ sheet: 'Đơn vị' })).toBe('dữ liệu');
    expect(await first({ sheet: 'Danh mục' })).toBe('ẩn');
    expect(await first({ sheet: 'Không có' })).toBe('hướng dẫn');
    // A name written with combining marks (NFD) is the same name.
    expect(await first({ sheet: 'Đơn vị'.normalize('NFD') })).toBe('dữ liệu');
    expect(
      await badFileReason(rowsOf(file, 'a.xlsx', { skipSheets: ['Hướng dẫn', 'Danh mục', 'Đơn vị'] })),
    ).toBe('tệp Excel không có trang tính nào');
  });

  it('lets an error of the caller through as it is', async () => {
    const file = await streamedFile(false, SAMPLE_ROWS);
    const stop = new AppError('import_bad_file', { reason: 'quá nhiều dòng' });
    const error = await readSheetRows(file, 'a.xlsx', () => {
      throw stop;
    }).catch((e: unknown) => e);
    expect(error).toBe(stop);
  });
});

describe('refusing files', () => {
  const damaged = 'tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở trong Excel và lưu lại';

  it('refuses a damaged zip, a zip that is not a workbook and a workbook without sheets', async () => {
    const file = await streamedFile(true, SAMPLE_ROWS);
    expect(await badFileReason(rowsOf(file.subarray(0, Math.floor(file.length * 0.6))))).toBe(damaged);
    const garbage = Buffer.concat([file.subarray(0, 4), Buffer.alloc(2000, 0x5a)]);
    expect(await badFileReason(rowsOf(garbage))).toBe(damaged);
    // The sheet's deflated data overwritten in the middle.
    const sheet = await handMadeXlsx([{ name: 'A', data: `<row r="1"><c><v>1</v></c></row>`.repeat(2000) }]);
    const broken = Buffer.from(sheet);
    const at = broken.indexOf('xl/worksheets/sheet1.xml') + 40;
    broken.fill(0xff, at, at + 64);
    expect(await badFileReason(rowsOf(broken))).toBe(damaged);
    expect(await badFileReason(rowsOf(await zip({ 'hello.txt': 'xin chào' })))).toBe(damaged);
    // A cell far past column XFD, which would pad its row with millions of empty cells.
    const wide = await handMadeXlsx([{ name: 'A', data: '<row r="1"><c r="ZZZZZ1"><v>1</v></c></row>' }]);
    expect(await badFileReason(rowsOf(wide))).toBe(
      'ô ZZZZZ1 (dòng 1) nằm ngoài 16.384 cột mà Excel cho phép (cột cuối cùng là XFD)',
    );
    const empty = await handMadeXlsx([]);
    expect(await badFileReason(rowsOf(empty))).toBe('tệp Excel không có trang tính nào');
  });

  it('refuses an empty file, an Excel 97–2003 file and a file named .xlsx that is not one', async () => {
    expect(await badFileReason(rowsOf(Buffer.alloc(0)))).toBe('tệp rỗng (0 byte)');
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    expect(await badFileReason(rowsOf(xls, 'cu.xls'))).toBe(
      'tệp Excel 97–2003 (.xls) chưa được hỗ trợ; hãy mở trong Excel và lưu lại dạng .xlsx hoặc CSV UTF-8',
    );
    expect(await badFileReason(rowsOf(Buffer.from('a,b\n1,2\n'), 'giả.xlsx'))).toBe(
      'tệp "giả.xlsx" có đuôi Excel nhưng nội dung không phải Excel',
    );
  });
});

// -------------------------------------------------------------------------------------------------------------
// CSV

describe('reading CSV', () => {
  it('reads UTF-8 with BOM, semicolons, quoted line breaks and quotes, and formula guards', async () => {
    const text =
      '\uFEFFHọ và tên;Ghi chú;Số\r\n"Nguyễn; Văn A";"dòng 1\r\ndòng 2";\'=1+1\r\nLê Thị B;"nói ""chào""";0123\r\n';
    const rows = await rowsOf(Buffer.from(text, 'utf8'), 'ds.csv');
    expect(cells(rows)).toEqual([
      [1, ['Họ và tên', 'Ghi chú', 'Số']],
      [2, ['Nguyễn; Văn A', 'dòng 1\r\ndòng 2', '=1+1']],
      [3, ['Lê Thị B', 'nói "chào"', '0123']],
    ]);
  });

  it('reads UTF-16 with BOM and tabs, and finds the delimiter of the first line', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Mã\tTên\r\n1\tHòa\r\n', 'utf16le')]);
    expect(cells(await rowsOf(utf16, 'ds.txt'))).toEqual([
      [1, ['Mã', 'Tên']],
      [2, ['1', 'Hòa']],
    ]);
    expect(detectDelimiter('"a,b";c;d\n1,2,3,4,5')).toBe(';');
    expect(decodeText(Buffer.from('\uFEFFabc'))).toBe('abc');
    expect(parseCsv('a,b\r"c\nd",e', ',')).toEqual([
      ['a', 'b'],
      ['c\nd', 'e'],
    ]);
  });

  it('refuses CSV not in UTF-8, an unclosed quote and a binary file', async () => {
    const latin1 = Buffer.from('Họ tên,Ghi chú\nNguy\xea\xe9n,x\n', 'latin1');
    expect(await badFileReason(rowsOf(latin1, 'ds.csv'))).toBe(
      'tệp CSV phải được lưu bằng bảng mã UTF-8 (trong Excel: Lưu thành → "CSV UTF-8 (phân cách bằng dấu phẩy)")',
    );
    expect(await badFileReason(rowsOf(latin1, 'ds.bin'))).toBe(
      'đây không phải tệp Excel (.xlsx) hay CSV; hãy dùng tệp mẫu tải từ hệ thống',
    );
    expect(await badFileReason(rowsOf(Buffer.from('a,b\n"c,d\n'), 'ds.csv'))).toBe(
      'dấu ngoặc kép mở ở dòng 2 chưa được đóng',
    );
  });
});
