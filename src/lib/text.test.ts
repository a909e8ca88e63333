import { describe, expect, it } from 'vitest';
import {
  cleanText,
  compareVietnamese,
  foldVietnamese,
  hasForbiddenCharacter,
  joinPlace,
  normalizeText,
  textProblem,
  titleCaseVietnamese,
} from './text';
import { formatDate, parseDate, dayBefore } from './dates';
import { formatNumber, formatPercent, formatVnd } from './numbers';

describe('Vietnamese text', () => {
  it('folds diacritics and đ for search', () => {
    expect(foldVietnamese('LĐLĐ huyện Đam Rông')).toBe('ldld huyen dam rong');
    expect(foldVietnamese('Trần Thị Thủy')).toBe('tran thi thuy');
  });
  it('stores NFC', () => {
    const decomposed = 'Thu\u0309y';
    expect(normalizeText(`  ${decomposed}   An `)).toBe('Thủy An');
    expect(normalizeText(decomposed).length).toBe(4);
  });
  it('sorts in Vietnamese order', () => {
    const names = ['Đức Trọng', 'Di Linh', 'Bảo Lộc', 'Ân', 'An', 'Đam Rông', 'Ea'];
    expect([...names].sort(compareVietnamese)).toEqual([
      'An',
      'Ân',
      'Bảo Lộc',
      'Di Linh',
      'Đam Rông',
      'Đức Trọng',
      'Ea',
    ]);
  });
  it('title-cases names', () => {
    expect(titleCaseVietnamese('nguyễn  văn ĐỨC')).toBe('Nguyễn Văn Đức');
  });
  it('folds lower-case đ, punctuation and spaces at the ends', () => {
    expect(foldVietnamese('đường Trần Hưng Đạo')).toBe('duong tran hung dao');
    expect(foldVietnamese(' Đà Lạt,  đường 3/2! ')).toBe('da lat duong 3 2');
    expect(foldVietnamese("H'Hen Niê")).toBe('h hen nie');
    expect(foldVietnamese('Ư Ơ ư ơ Â ă')).toBe('u o u o a a');
  });
  it('compares letters, not case or tones, and numbers by their value', () => {
    expect(compareVietnamese('an', 'AN')).toBe(0);
    expect(compareVietnamese('Thủy', 'Thúy')).toBe(0);
    expect(compareVietnamese('Đào', 'Dung')).toBeGreaterThan(0);
    expect(compareVietnamese('Ư', 'U')).toBeGreaterThan(0);
    expect(compareVietnamese('Tổ 2', 'Tổ 10')).toBeLessThan(0);
    expect(compareVietnamese('CĐCS 9', 'CĐCS 10')).toBeLessThan(0);
  });
});

describe('the text policy', () => {
  const retype = (what: string, at: number) => `Có ${what} ở vị trí ${at}; hãy gõ lại nội dung này.`;

  it('names the invisible character it refuses, by kind, code point and position', () => {
    expect(textProblem('Lê\u0000Văn', 50)).toBe(retype('ký tự rỗng (NUL)', 3));
    expect(textProblem('Lê\u001bVăn', 50)).toBe(retype('ký tự điều khiển U+001B', 3));
    expect(textProblem('\u0085', 50)).toBe(retype('ký tự điều khiển U+0085', 1));
    expect(textProblem('Lê\u200bVăn', 50)).toBe(retype('ký tự vô hình U+200B', 3));
    expect(textProblem('Lê\u00adVăn', 50)).toBe(retype('ký tự vô hình U+00AD', 3));
    expect(textProblem('\u202eabc', 50)).toBe(retype('ký tự vô hình U+202E', 1));
    expect(textProblem('\ufeffabc', 50)).toBe(retype('ký tự vô hình U+FEFF', 1));
    expect(textProblem('ab\ue000', 50)).toBe(retype('ký tự không hợp lệ U+E000', 3));
    expect(textProblem('ab\u2028cd', 50)).toBe(retype('ký tự không hợp lệ U+2028', 3));
    expect(textProblem('ab\ud800', 50)).toBe(retype('ký tự không hợp lệ U+D800', 3));
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(textProblem('𝒜𝒜\u200b', 50)).toBe(retype('ký tự vô hình U+200B', 3));
    expect(textProblem('𝒜𝒜', 2)).toBeNull();
  });

  it('takes tabs and line breaks as whitespace', () => {
    expect(textProblem('a\tb\r\nc', 50)).toBeNull();
    expect(hasForbiddenCharacter('a\tb\r\nc')).toBe(false);
    expect(hasForbiddenCharacter('a\u200db')).toBe(true);
    expect(hasForbiddenCharacter('Nguyễn Văn An')).toBe(false);
  });

  it('measures the cleaned text against the lengths, and says which limit it broke', () => {
    expect(textProblem('  ', 10)).toBe('Không được để trống.');
    expect(textProblem('', 10, { min: 1 })).toBe('Không được để trống.');
    expect(textProblem('', 10, { min: 0 })).toBeNull();
    expect(textProblem('ab', 10, { min: 3 })).toBe('Cần ít nhất 3 ký tự.');
    expect(textProblem('abc', 10, { min: 3 })).toBeNull();
    expect(textProblem('  a   b  ', 3)).toBeNull();
    expect(textProblem('Thu\u0309y', 4)).toBeNull();
    expect(textProblem('abcd', 3)).toBe('Tối đa 3 ký tự (đang có 4).');
    expect(textProblem('a\n\nb', 3, { multiline: true })).toBe('Tối đa 3 ký tự (đang có 4).');
  });

  it('cleans one line to NFC with single spaces, and a note line by line', () => {
    expect(cleanText('  Thu\u0309y \n An ')).toBe('Thủy An');
    expect(cleanText('Dòng một  \r\nDòng hai\rDòng ba\t \n\n', { multiline: true })).toBe(
      'Dòng một\nDòng hai\nDòng ba',
    );
    expect(cleanText('  a  b\n  c', { multiline: true })).toBe('a  b\n  c');
    expect(cleanText('Thu\u0309y', { multiline: true })).toBe('Thủy');
  });
});

describe('dates and numbers', () => {
  it('parses and formats dd/mm/yyyy', () => {
    expect(parseDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDate('31/02/2025')).toBeNull();
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(dayBefore('2025-03-01')).toBe('2025-02-28');
  });
  it('formats numbers and money', () => {
    expect(formatNumber(1489)).toBe('1.489');
    expect(formatVnd(52_500_000)).toBe('52.500.000 đ');
    expect(formatPercent(0.583)).toBe('58,3%');
  });
});

describe('joinPlace', () => {
  it('names each place once, whatever its diacritics, case or administrative prefix', () => {
    expect(joinPlace('Xã Phi Liêng, huyện Đam Rông, tỉnh Lâm Đồng', 'Xã Phi Liêng', 'Lâm Đồng')).toBe(
      'Xã Phi Liêng, huyện Đam Rông, tỉnh Lâm Đồng',
    );
    expect(joinPlace('Xã Đam Rông 1, tỉnh Lâm Đồng', 'xa dam rong 1', 'Tỉnh Lâm Đồng')).toBe(
      'Xã Đam Rông 1, tỉnh Lâm Đồng',
    );
    expect(joinPlace('12 Trần Phú', 'Phường 1', 'Thành phố Hồ Chí Minh')).toBe(
      '12 Trần Phú, Phường 1, Thành phố Hồ Chí Minh',
    );
    expect(joinPlace(null, 'Xã Phi Liêng', undefined)).toBe('Xã Phi Liêng');
    expect(joinPlace(null, null, null)).toBe('');
  });
});
