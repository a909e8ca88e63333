/** The zod building blocks of every contract: each refuses bad input with a Vietnamese message. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { addDays, todayIso } from './dates';
import {
  effectiveDate,
  id,
  isoDate,
  nameText,
  noteText,
  okResponse,
  optionalText,
  searchText,
  text,
} from './schemas';

/** The messages of a failed parse, or [] when it passed. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('contract building blocks', () => {
  it('isoDate takes a real YYYY-MM-DD day and explains the format otherwise', () => {
    expect(isoDate.parse('2025-07-01')).toBe('2025-07-01');
    const expected = ['Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 2025-07-01).'];
    expect(messages(isoDate, '01/07/2025')).toEqual(expected);
    expect(messages(isoDate, '2025-02-30')).toEqual(expected);
  });

  it('effectiveDate is a real day from 1900 to a year from today', () => {
    const today = todayIso();
    expect(effectiveDate.parse(today)).toBe(today);
    expect(effectiveDate.parse('1900-01-01')).toBe('1900-01-01');
    expect(messages(effectiveDate, '1899-12-31')).toEqual(['Ngày hiệu lực không được trước 01/01/1900.']);
    expect(effectiveDate.safeParse('1899-12-31').error?.issues[0]).toMatchObject({
      code: 'custom',
      path: [],
    });
    expect(messages(effectiveDate, addDays(today, 367))).toEqual([
      expect.stringMatching(/^Ngày hiệu lực không được sau .* \(quá một năm kể từ hôm nay\)\.$/),
    ]);
    expect(messages(effectiveDate, '2025-02-30')).toEqual([
      'Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 2025-07-01).',
    ]);
  });

  it('id takes a UUID', () => {
    const uuid = '0190c3a2-7b1e-7cc0-8a3e-1f2d3c4b5a69';
    expect(id.parse(uuid)).toBe(uuid);
    expect(messages(id, 'abc')).toEqual(['Mã định danh không hợp lệ.']);
    expect(messages(id, `${uuid}0`)).toEqual(['Mã định danh không hợp lệ.']);
  });

  it('text trims, and names the limit it broke', () => {
    const name = text(10);
    expect(name.parse('  Đà Lạt  ')).toBe('Đà Lạt');
    expect(name.parse('x')).toBe('x');
    expect(name.parse('1234567890')).toBe('1234567890');
    expect(messages(name, '   ')).toEqual(['Không được để trống.']);
    expect(messages(name, '')).toEqual(['Không được để trống.']);
    expect(messages(name, '12345678901')).toEqual(['Tối đa 10 ký tự (đang có 11).']);
    expect(messages(name, 5)).toEqual(['Cần nhập chữ.']);
  });

  it('text is stored NFC on one line, its length counted on what is stored', () => {
    const name = nameText(7);
    expect(name.parse('Thu\u0309y  An')).toBe('Thủy An');
    expect(name.parse(' Thu\u0309y\n\tAn ')).toBe('Thủy An');
    expect(messages(name, 'Thu\u0309y Anh')).toEqual(['Tối đa 7 ký tự (đang có 8).']);
    expect(text).toBe(nameText);
  });

  it('text refuses control and invisible characters, naming where they are', () => {
    const name = nameText(50);
    expect(messages(name, 'Lê\u0000Văn')).toEqual([
      'Có ký tự rỗng (NUL) ở vị trí 3; hãy gõ lại nội dung này.',
    ]);
    expect(name.safeParse('Lê\u0000Văn').error?.issues[0]).toMatchObject({ code: 'custom', path: [] });
    expect(messages(name, 'Lê\u200bVăn')).toEqual([
      'Có ký tự vô hình U+200B ở vị trí 3; hãy gõ lại nội dung này.',
    ]);
  });

  it('text with a minimum length asks for that many characters', () => {
    const code = text(20, 3);
    expect(code.parse(' abc ')).toBe('abc');
    expect(messages(code, 'ab')).toEqual(['Cần ít nhất 3 ký tự.']);
    expect(messages(code, '')).toEqual(['Không được để trống.']);
    const two = text(20, 2);
    expect(messages(two, 'a')).toEqual(['Cần ít nhất 2 ký tự.']);
    const zero = text(5, 0);
    expect(zero.parse('')).toBe('');
  });

  it('optionalText trims and turns empty, null and missing into null', () => {
    const note = optionalText(5);
    expect(note.parse('  abc ')).toBe('abc');
    expect(note.parse('   ')).toBeNull();
    expect(note.parse('')).toBeNull();
    expect(note.parse(null)).toBeNull();
    expect(note.parse(undefined)).toBeNull();
    expect(messages(note, '123456')).toEqual(['Tối đa 5 ký tự (đang có 6).']);
    expect(note.parse(' 12345 ')).toBe('12345');
    expect(note.parse('a\nb')).toBe('a b');
  });

  it('noteText keeps its lines, trims their ends, and is null when empty', () => {
    const note = noteText(100);
    expect(note.parse('Dòng một  \r\nDòng hai\t\n')).toBe('Dòng một\nDòng hai');
    expect(note.parse('  ')).toBeNull();
    expect(note.parse(null)).toBeNull();
    expect(note.parse(undefined)).toBeNull();
    expect(messages(noteText(3), 'abcd')).toEqual(['Tối đa 3 ký tự (đang có 4).']);
  });

  it('searchText takes what is typed as it is, up to its length, without invisible characters', () => {
    const q = searchText(5);
    expect(q.parse(' an ')).toBe(' an ');
    expect(messages(q, '123456')).toEqual(['Tối đa 5 ký tự.']);
    expect(messages(q, 'a\u200bb')).toEqual([
      'Có ký tự điều khiển hoặc ký tự vô hình; hãy gõ lại nội dung tìm kiếm.',
    ]);
    expect(messages(q, 7)).toEqual(['Cần nhập chữ.']);
  });

  it('okResponse is exactly { ok: true }', () => {
    expect(okResponse.parse({ ok: true })).toEqual({ ok: true });
    expect(okResponse.safeParse({ ok: false }).success).toBe(false);
    expect(okResponse.safeParse({}).success).toBe(false);
  });
});
