/** The spreadsheet toolkit: column letters past Z, header rows mapped to fields, CSV that reads back as written. */
import { describe, expect, it } from 'vitest';
import { readSheetRows, type RawRow } from './xlsx/sheet-rows';
import { columnLetter, mapHeader, writeCsv, type HeaderColumn } from './spreadsheet';

const COLUMNS: HeaderColumn<'name' | 'born' | 'code'>[] = [
  { header: 'Họ và tên', field: 'name', required: true },
  { header: 'Ngày sinh (dd/mm/yyyy)', field: 'born', required: true },
  { header: 'Mã đoàn viên', field: 'code', required: false, aliases: ['Mã số đoàn viên'] },
];

describe('spreadsheet toolkit', () => {
  it('names columns as Excel does past Z', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702, 16_383].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });

  it('maps headers whatever their diacritics, case, spaces and brackets, skipping the ignored ones', () => {
    const row: RawRow = { rowNumber: 3, cells: ['STT', 'ho va ten', 'NGÀY SINH', null, 'Mã số đoàn viên'] };
    const { positions, problems } = mapHeader(row, COLUMNS, { ignore: ['STT'] });
    expect(problems).toEqual([]);
    expect([...positions]).toEqual([
      ['name', 1],
      ['born', 2],
      ['code', 4],
    ]);
  });

  it('names the row, the missing, unknown and repeated columns', () => {
    const row: RawRow = { rowNumber: 1, cells: ['Họ và tên', 'Quê quán', 'Họ và tên'] };
    expect(mapHeader(row, COLUMNS).problems).toEqual([
      'dòng tiêu đề (dòng 1) thiếu cột "Ngày sinh (dd/mm/yyyy)"',
      'cột "Quê quán" không có trong mẫu',
      'cột "Họ và tên" xuất hiện nhiều lần',
    ]);
  });

  it('writes CSV for Excel (BOM, semicolons, CRLF) that reads back cell for cell, formulas kept as text', async () => {
    const rows = [
      ['Nguyễn Văn A', 'Hà Nội; Việt Nam', 'nói "chào"'],
      ['=1+1', 'dòng 1\r\ndòng 2', ''],
    ];
    const file = writeCsv(['Tên', 'Địa chỉ', 'Ghi chú'], rows);
    const text = file.toString('utf8');
    expect(text.startsWith('\uFEFFTên;Địa chỉ;Ghi chú\r\n')).toBe(true);
    expect(text).toContain("'=1+1");
    const read: RawRow[] = [];
    await readSheetRows(file, 'x.csv', (row) => read.push(row));
    expect(read.map((r) => r.cells)).toEqual([['Tên', 'Địa chỉ', 'Ghi chú'], ...rows]);
  });
});
