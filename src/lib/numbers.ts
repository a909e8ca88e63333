/** Numbers and money the Vietnamese way: 1.489 · 58,3% · 52.500.000 đ. Money is integer VND. */

const integerFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

export function formatNumber(value: number | bigint, fractionDigits = 0): string {
  if (fractionDigits === 0) return integerFormat.format(value);
  return new Intl.NumberFormat('vi-VN', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

export function formatPercent(ratio: number, fractionDigits = 1): string {
  return `${formatNumber(ratio * 100, fractionDigits)}%`;
}

export function formatVnd(amount: number | bigint): string {
  return `${integerFormat.format(amount)} đ`;
}
