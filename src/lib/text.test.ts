import { describe, expect, it } from 'vitest';
import { compareVietnamese, foldVietnamese, normalizeText, titleCaseVietnamese } from './text';
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
