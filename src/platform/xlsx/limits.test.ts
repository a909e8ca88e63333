/**
 * Hostile files: the reader of .xlsx and CSV files refuses, in well under a few seconds and with a message naming
 * the cell, row or part, every file past Excel's own limits (32.767 characters a cell, 16.384 columns, 1.048.576
 * rows) or the reader's caps (the inflated size of each part, one cell's or tag's XML, the number of parts, the
 * time), and a cell holding a formula without a result. Found in review: a 1 MB file holding one 1 GB cell kept a
 * core busy for over 11 minutes (a 64 MB cell took 16 s, a 64 MB CSV field 21 s): the bytes waiting for the end of
 * a row were joined again with every piece. The hostile files are built here with jszip; those whose cell is
 * hundreds of MB deflate to a few hundred KB.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { readSheetRows, type RawRow, type SheetRowsOptions } from './sheet-rows';
import { columnName, readXlsxRows, XLSX_LIMITS } from './rows';
import { badFileReason, rejects } from '../../../test/support/errors';

const MiB = 2 ** 20;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const asBuffer = (part: string | Buffer) => (typeof part === 'string' ? Buffer.from(part) : part);

/**
 * An .xlsx of one sheet "A" built by hand: `sheetData` is the content of <sheetData> (or the whole part when
 * `whole`), `sharedStrings` the content of <sst>; parts may be Buffers, so that a cell of hundreds of MB is never a
 * string. `extra` adds other files to the zip.
 */
async function xlsx(
  sheetData: (string | Buffer)[],
  options: { sharedStrings?: (string | Buffer)[]; whole?: boolean; extra?: Record<string, string> } = {},
): Promise<Buffer> {
  const archive = new JSZip();
  archive.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  archive.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  archive.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  const sheet = options.whole
    ? sheetData
    : [
        `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${MAIN}"><sheetData>`,
        ...sheetData,
        '</sheetData></worksheet>',
      ];
  archive.file('xl/worksheets/sheet1.xml', Buffer.concat(sheet.map(asBuffer)));
  if (options.sharedStrings)
    archive.file(
      'xl/sharedStrings.xml',
      Buffer.concat(
        [
          `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${MAIN}">`,
          ...options.sharedStrings,
          '</sst>',
        ].map(asBuffer),
      ),
    );
  for (const [name, content] of Object.entries(options.extra ?? {})) archive.file(name, content);
  return archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function rowsOf(
  file: Buffer,
  fileName = 'tệp.xlsx',
  options: SheetRowsOptions = {},
): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  await readSheetRows(file, fileName, (row) => rows.push(row), options);
  return rows;
}

/** The reason a file is refused. How long reading such files takes is measured by bench/xlsx-read.ts, not here. */
async function refusal(
  file: Buffer,
  fileName = 'tệp.xlsx',
  options: SheetRowsOptions = {},
): Promise<{ reason: string }> {
  return { reason: await badFileReason(rowsOf(file, fileName, options)) };
}

const tooLong = (cell: string) => `ô ${cell} có hơn 32.767 ký tự, quá giới hạn một ô của Excel`;
const cells = (rows: readonly RawRow[]) => rows.map((r) => [r.rowNumber, [...r.cells]]);

describe('limits', () => {
  it("are Excel's own for a cell, the columns and the rows", () => {
    expect(XLSX_LIMITS.cellChars).toBe(32_767);
    expect(XLSX_LIMITS.columns).toBe(16_384);
    expect(XLSX_LIMITS.rows).toBe(1_048_576);
    expect(columnName(0)).toBe('A');
    expect(columnName(25)).toBe('Z');
    expect(columnName(26)).toBe('AA');
    expect(columnName(XLSX_LIMITS.columns - 1)).toBe('XFD');
  });
});

describe('a cell too long', () => {
  it('refuses a 200 MB cell of inline text (a file of a few hundred KB), naming the cell', async () => {
    const file = await xlsx([
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>',
      Buffer.alloc(200 * MiB, 'a'),
      '</t></is></c></row>',
    ]);
    expect(file.length).toBeLessThan(2 * MiB);
    const { reason } = await refusal(file);
    expect(reason).toBe(tooLong('B1'));
  }, 120_000);

  it('refuses a 64 MB shared string', async () => {
    const file = await xlsx(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], {
      sharedStrings: ['<si><t>', Buffer.alloc(64 * MiB, 'a'), '</t></si>'],
    });
    const { reason } = await refusal(file);
    expect(reason).toBe('một ô có hơn 32.767 ký tự, quá giới hạn một ô của Excel');
  }, 120_000);

  it("refuses a 32 MB formula's text result, and 64 MB of '>' in a cell", async () => {
    const result = await xlsx([
      '<row r="3"><c r="C3" t="str"><f>REPT("a",1)</f><v>',
      Buffer.alloc(32 * MiB, 'a'),
      '</v></c></row>',
    ]);
    const first = await refusal(result);
    expect(first.reason).toBe(tooLong('C3'));
    // Every piece of the part holds a '>': the text is handed to the scanner again and again, never to its end.
    const arrows = await xlsx([
      '<row r="1"><c t="inlineStr"><is><t>',
      Buffer.alloc(64 * MiB, '>'),
      '</t></is></c></row>',
    ]);
    const second = await refusal(arrows);
    expect(second.reason).toBe(tooLong('A1'));
  }, 120_000);

  it('reads a cell of exactly 32.767 characters and refuses one more, inline, shared or a text result', async () => {
    // Vietnamese letters, entities and Excel's _xHHHH_ escapes, which count one character each.
    const unit = 'Ạ&amp;đ_x000D_'; // 4 characters
    const whole = unit.repeat(8191) + 'abc'; // 32.767 characters
    const wholeText = 'Ạ&đ\r'.repeat(8191) + 'abc';
    const longer = whole + 'd';
    const inline = (text: string) => `<row r="2"><c r="E2" t="inlineStr"><is><t>${text}</t></is></c></row>`;
    const shared = (text: string) =>
      xlsx(['<row r="2"><c r="E2" t="s"><v>0</v></c></row>'], { sharedStrings: [`<si><t>${text}</t></si>`] });
    const result = (text: string) => `<row r="2"><c r="E2" t="str"><f>A1</f><v>${text}</v></c></row>`;
    for (const file of [await xlsx([inline(whole)]), await shared(whole), await xlsx([result(whole)])]) {
      const rows = await rowsOf(file);
      expect(rows[0]!.cells[4]).toBe(wholeText);
      expect((rows[0]!.cells[4] as string).length).toBe(32_767);
    }
    for (const file of [await xlsx([inline(longer)]), await shared(longer), await xlsx([result(longer)])])
      expect(await badFileReason(rowsOf(file))).toBe(tooLong('E2'));
  });

  it('reads a too long shared string that no cell uses', async () => {
    const file = await xlsx(['<row r="1"><c r="A1" t="s"><v>1</v></c></row>'], {
      sharedStrings: [`<si><t>${'a'.repeat(40_000)}</t></si><si><t>dùng</t></si>`],
    });
    expect(cells(await rowsOf(file))).toEqual([[1, ['dùng']]]);
  });
});

describe('columns and rows', () => {
  it('refuses a row of 20.000 columns, naming the first past XFD, and reads one of 16.384', async () => {
    const wide = await xlsx([`<row r="1">${'<c><v>1</v></c>'.repeat(20_000)}</row>`]);
    const { reason } = await refusal(wide);
    expect(reason).toBe('ô XFE1 (dòng 1) nằm ngoài 16.384 cột mà Excel cho phép (cột cuối cùng là XFD)');
    // Empty cells (a style only) past XFD are as impossible in Excel.
    const styled = await xlsx([`<row r="2">${'<c s="1"/>'.repeat(16_385)}</row>`]);
    expect((await refusal(styled)).reason).toBe(
      'ô XFE2 (dòng 2) nằm ngoài 16.384 cột mà Excel cho phép (cột cuối cùng là XFD)',
    );
    const full = await xlsx([`<row r="1">${'<c><v>1</v></c>'.repeat(16_383)}<c r="XFD1"><v>2</v></c></row>`]);
    const rows = await rowsOf(full);
    expect(rows[0]!.cells).toHaveLength(16_384);
    expect(rows[0]!.cells[16_383]).toBe(2);
  });

  it('refuses a row past 1.048.576, numbered or counted, and reads the last one', async () => {
    const numbered = await xlsx([
      '<row r="1048576"><c r="A1048576"><v>1</v></c></row><row r="1048577"><c><v>2</v></c></row>',
    ]);
    expect((await refusal(numbered)).reason).toBe(
      'trang tính có dòng 1.048.577, quá 1.048.576 dòng mà Excel cho phép',
    );
    const last = await xlsx(['<row r="1048576"><c r="B1048576"><v>1</v></c></row>']);
    expect(cells(await rowsOf(last))).toEqual([[1_048_576, [null, 1]]]);
    // Rows without a number: the 1.048.577th is refused after the others were read.
    const counted = await xlsx([Buffer.alloc(1_048_577 * 26, '<row><c><v>1</v></c></row>')]);
    let read = 0;
    const reason = await badFileReason(readSheetRows(counted, 'a.xlsx', () => (read += 1)));
    expect(reason).toBe('trang tính có dòng 1.048.577, quá 1.048.576 dòng mà Excel cho phép');
    expect(read).toBe(1_048_576);
  }, 120_000);
});

describe('XML made to be slow', () => {
  it('reads a million nested elements in a row, a cell and a shared string', async () => {
    const n = 1_000_000;
    const nested = (name: string, inner: string) => `<${name}>`.repeat(n) + inner + `</${name}>`.repeat(n);
    const file = await xlsx(
      [
        `<row r="1"><c r="A1"><v>1</v></c>${nested('x', '')}</row>`,
        `<row r="2"><c r="B2" t="inlineStr"><is>${nested('r', '<t>trong</t>')}</is></c><c r="C2" t="s"><v>0</v></c></row>`,
      ],
      { sharedStrings: [`<si>${nested('r', '<t>chung</t>')}</si>`] },
    );
    expect(cells(await rowsOf(file))).toEqual([
      [1, [1]],
      [2, [null, 'trong', 'chung']],
    ]);
  }, 120_000);

  it('refuses a 16 MB attribute, a 16 MB comment and 16 MB of unclosed tags, naming the part', async () => {
    const tag = 'phần "xl/worksheets/sheet1.xml" của tệp có một thẻ hoặc đoạn văn bản dài hơn 8 MB';
    const filler = Buffer.alloc(16 * MiB, 'a');
    const files = [
      await xlsx(['<row r="1" spans="', filler, '"><c><v>1</v></c></row>']),
      await xlsx(['<row r="1"><c><v>1</v></c></row><!--', filler, '--><row r="2"/>']),
      await xlsx(['<row r="1"><c><v>1</v></c></row>', Buffer.alloc(16 * MiB, '<y>'), '<row r="2"/>']),
      await xlsx([`<worksheet xmlns="${MAIN}"><sheetPr codeName="`, filler, '"/><sheetData/></worksheet>'], {
        whole: true,
      }),
    ];
    for (const file of files) {
      const { reason } = await refusal(file);
      expect(reason).toBe(tag);
    }
    const workbook = await xlsx([], {
      extra: {
        'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${'a'.repeat(9 * MiB)}`,
      },
    });
    expect((await refusal(workbook)).reason).toBe(
      'phần "xl/workbook.xml" của tệp có một thẻ hoặc đoạn văn bản dài hơn 8 MB',
    );
  }, 120_000);

  it('does not read past </sheetData>: whatever follows it is not inflated', async () => {
    // Read, 16 MB without a '>' would be refused as a tag too long.
    const file = await xlsx(
      [
        `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c><v>1</v></c></row></sheetData><extLst>`,
        Buffer.alloc(16 * MiB, 'a'),
        '</extLst></worksheet>',
      ],
      { whole: true },
    );
    expect(cells(await rowsOf(file))).toEqual([[1, [1]]]);
  }, 120_000);
});

describe('pieces', () => {
  it('reads invalid UTF-8 and U+FFFD in a cell the same however small the pieces', async () => {
    // 0xC3 0x28 is not UTF-8: it decodes to U+FFFD and "(", one byte fewer than U+FFFD takes.
    const bad = Buffer.from([0xc3, 0x28, 0xe1, 0xba]);
    const file = await xlsx([
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Lê ',
      bad,
      ' Bảo \uFFFD</t></is></c><c r="B1"><v>7</v></c></row>',
      '<row r="2"><c r="A2" t="inlineStr"><is><t>',
      bad,
      '</t></is></c><c t="inlineStr"><is><t>Hòa</t></is></c></row>',
    ]);
    const expected = [
      [1, ['Lê \uFFFD(\uFFFD Bảo \uFFFD', 7]],
      [2, ['\uFFFD(\uFFFD', 'Hòa']],
    ];
    expect(cells(await rowsOf(file))).toEqual(expected);
    for (const chunkSize of [1, 2, 3, 5, 7, 11, 64]) {
      const rows: RawRow[] = [];
      await readXlsxRows(file, (row) => rows.push(row), { chunkSize });
      expect(cells(rows), `pieces of ${chunkSize} bytes`).toEqual(expected);
    }
  });
});

describe('the zip', () => {
  const file = () =>
    xlsx(
      Array.from(
        { length: 20_000 },
        (_, i) => `<row r="${i + 1}"><c t="inlineStr"><is><t>Nguyễn Văn ${i}</t></is></c></row>`,
      ),
    );

  it('refuses a part that inflates past its cap, and one larger than its entry says', async () => {
    const sheet = await file();
    expect((await refusal(sheet, 'a.xlsx', { limits: { sheetBytes: MiB } })).reason).toBe(
      'nội dung của tệp khi giải nén quá lớn (phần "xl/worksheets/sheet1.xml" hơn 1 MB); hãy chia danh sách thành nhiều tệp nhỏ hơn',
    );
    expect(await rowsOf(sheet, 'a.xlsx', { limits: { sheetBytes: 2 * MiB } })).toHaveLength(20_000);
    const strings = await xlsx(['<row><c t="s"><v>0</v></c></row>'], {
      sharedStrings: Array.from({ length: 5000 }, (_, i) => `<si><t>chuỗi ${i}</t></si>`),
    });
    expect((await refusal(strings, 'a.xlsx', { limits: { sharedStringsBytes: 64 * 1024 } })).reason).toBe(
      'nội dung của tệp khi giải nén quá lớn (phần "xl/sharedStrings.xml" hơn 65.536 byte); hãy chia danh sách thành nhiều tệp nhỏ hơn',
    );
    // The zip's directory says the sheet is 1 KB: the inflating stops as soon as it gives more.
    const lying = Buffer.from(sheet);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    let at = lying.indexOf(name);
    for (; at >= 0; at = lying.indexOf(name, at + 1)) {
      const central = lying.readUInt32LE(at - 46) === 0x02014b50;
      lying.writeUInt32LE(1024, central ? at - 46 + 24 : at - 30 + 22);
    }
    let read = 0;
    expect(await badFileReason(readSheetRows(lying, 'a.xlsx', () => (read += 1)))).toBe(
      'tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở trong Excel và lưu lại',
    );
    // Stopped at its first piece, not at its end: no row was read.
    expect(read).toBe(0);
  });

  it('refuses a zip of more parts than its cap', async () => {
    const extra = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x${i}.xml`, '<a/>']));
    const file = await xlsx(['<row><c><v>1</v></c></row>'], { extra });
    const { reason } = await refusal(file, 'a.xlsx', { limits: { entries: 200 } });
    expect(reason).toBe('tệp nén chứa hơn 200 tệp con, không phải một tệp Excel thông thường');
    expect(await rowsOf(file, 'a.xlsx', { limits: { entries: 300 } })).toHaveLength(1);
  });

  it('stops when the reading takes longer than its time', async () => {
    const sheet = await file();
    const slow = () => {
      const until = performance.now() + 0.5;
      while (performance.now() < until);
    };
    let read = 0;
    const onRow = () => {
      read += 1;
      slow();
    };
    const error = await rejects(
      readSheetRows(sheet, 'a.xlsx', onRow, { limits: { timeMs: 100 } }),
      'import_bad_file',
    );
    // The time is looked at every 256 rows, not only between pieces of the part (each some 4,000 rows here).
    expect(read).toBeLessThanOrEqual(512);
    expect(error.params.reason).toBe('đọc tệp mất quá 0,1 giây; hãy chia danh sách thành nhiều tệp nhỏ hơn');
  });
});

describe('formulas without a result', () => {
  it('refuses a formula cell that holds no result, naming the cell, its row and column', async () => {
    const file = await xlsx([
      '<row r="4"><c r="A4" t="inlineStr"><is><t>Lê Thị Bảo</t></is></c><c r="B4"><f>1+1</f><v>2</v></c></row>',
      '<row r="5"><c r="A5" t="inlineStr"><is><t>Trần An</t></is></c><c r="C5"><f>A5&amp;B5</f></c></row>',
    ]);
    const error = await rejects(rowsOf(file), 'import_bad_file');
    expect(error.params.reason).toBe(
      'ô C5 chứa công thức =A5&B5 nhưng tệp không lưu kết quả của nó; hãy mở tệp bằng Excel và lưu lại rồi tải lên, hoặc thay công thức bằng giá trị',
    );
    expect(error.problems).toEqual([
      { field: 'dòng 5', message: 'Ô C5 (cột C) chứa công thức =A5&B5 nhưng chưa có kết quả.' },
    ]);
    expect(error.status).toBe(400);
  });

  it('lists every such cell of a file written by a program that does not calculate, up to 20', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Đoàn viên');
    sheet.addRow(['Họ và tên', 'Ngày sinh', 'Tuổi']);
    for (let i = 0; i < 30; i += 1)
      sheet.addRow([{ formula: `"Người "&${i}` }, '01/01/1990', { formula: 'YEAR(TODAY())-1990' }]);
    const error = await rejects(rowsOf(Buffer.from(await workbook.xlsx.writeBuffer())), 'import_bad_file');
    expect(error.params.reason).toBe(
      'từ 20 ô chứa công thức mà tệp không lưu kết quả (A2, C2, A3, C3, A4, C4, A5, C5, A6, C6, A7, C7, A8, C8, A9, C9, A10, C10, A11, C11, …); ' +
        'hãy mở tệp bằng Excel và lưu lại rồi tải lên, hoặc thay công thức bằng giá trị',
    );
    expect(error.problems).toHaveLength(20);
    expect(error.problems[1]).toEqual({
      field: 'dòng 2',
      message: 'Ô C2 (cột C) chứa công thức =YEAR(TODAY())-1990 nhưng chưa có kết quả.',
    });
  });

  it('sends no row from the first formula without a result on', async () => {
    const file = await xlsx([
      '<row r="1"><c><v>1</v></c></row><row r="2"><c><f>A1</f></c></row><row r="3"><c><v>3</v></c></row>',
    ]);
    const rows: RawRow[] = [];
    const error = await readSheetRows(file, 'a.xlsx', (row) => rows.push(row)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).params.reason).toMatch(/^ô A2 chứa công thức =A1 /);
    expect(cells(rows)).toEqual([[1, [1]]]);
  });
});

describe('CSV', () => {
  it('refuses a 64 MB field and a field of 32.768 characters, naming the cell; reads 32.767', async () => {
    const huge = Buffer.concat([
      Buffer.from('Họ và tên,Ghi chú\nAn,"'),
      Buffer.alloc(64 * MiB, 'a'),
      Buffer.from('"\n'),
    ]);
    const { reason } = await refusal(huge, 'ds.csv');
    expect(reason).toBe(tooLong('B2'));
    const unquoted = Buffer.from(`a,b\nc,d\n${'x'.repeat(32_768)}\n`);
    expect((await refusal(unquoted, 'ds.csv')).reason).toBe(tooLong('A3'));
    const quotes = Buffer.from(`a,"${'""'.repeat(32_768)}"\n`);
    expect((await refusal(quotes, 'ds.csv')).reason).toBe(tooLong('B1'));
    const whole = await rowsOf(Buffer.from(`a;"${'"";'.repeat(16_383)}d"\n`), 'ds.csv');
    expect((whole[0]!.cells[1] as string).length).toBe(32_767);
  });

  it('refuses a record of 16.385 fields and a file of 1.048.577 records', async () => {
    const wide = Buffer.from(`a\n${'1,'.repeat(16_384)}2\n`);
    expect((await refusal(wide, 'ds.csv')).reason).toBe(
      'ô XFE2 (dòng 2) nằm ngoài 16.384 cột mà Excel cho phép (cột cuối cùng là XFD)',
    );
    expect((await rowsOf(Buffer.from(`${'1,'.repeat(16_383)}2\n`), 'ds.csv'))[0]!.cells).toHaveLength(16_384);
    const long = Buffer.alloc(1_048_577 * 2, '1\n');
    const { reason } = await refusal(long, 'ds.csv');
    expect(reason).toBe('trang tính có dòng 1.048.577, quá 1.048.576 dòng mà Excel cho phép');
    expect(await rowsOf(long.subarray(2), 'ds.csv')).toHaveLength(1_048_576);
  });
});
