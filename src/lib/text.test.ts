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
