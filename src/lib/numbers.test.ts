/** Numbers and money the Vietnamese way: dot between thousands, comma before decimals, "đ" after VND. */
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatVnd } from './numbers';

describe('numbers', () => {
  it('groups thousands with dots and rounds to whole numbers by default', () => {
    expect(formatNumber(1489)).toBe('1.489');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-1_234_567)).toBe('-1.234.567');
    expect(formatNumber(1489.56)).toBe('1.490');
    expect(formatNumber(1489.4)).toBe('1.489');
    expect(formatNumber(12_000_000_000n)).toBe('12.000.000.000');
  });

  it('writes exactly the decimals asked for, after a comma', () => {
    expect(formatNumber(1489, 2)).toBe('1.489,00');
    expect(formatNumber(3.14159, 3)).toBe('3,142');
    expect(formatNumber(0.5, 1)).toBe('0,5');
  });

  it('writes percentages with one decimal unless told otherwise', () => {
    expect(formatPercent(0.583)).toBe('58,3%');
    expect(formatPercent(0.5832, 2)).toBe('58,32%');
    expect(formatPercent(1)).toBe('100,0%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('writes money as whole đồng with "đ"', () => {
    expect(formatVnd(52_500_000)).toBe('52.500.000 đ');
    expect(formatVnd(52_500_000n)).toBe('52.500.000 đ');
    expect(formatVnd(0)).toBe('0 đ');
    expect(formatVnd(1500.7)).toBe('1.501 đ');
  });
});
