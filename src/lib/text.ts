/** Vietnamese text helpers: pure functions, no I/O. */

/** Text is stored in Unicode NFC, trimmed, with inner runs of spaces collapsed. */
export function normalizeText(input: string): string {
  return input.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Folds Vietnamese to plain lower-case ASCII for search: "Đam Rông" → "dam rong".
 * Stored beside names so an index (pg_trgm) can serve diacritic-free, typo-tolerant search.
 */
export function foldVietnamese(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Compares two names in Vietnamese alphabetical order (a ă â b c d đ e ê …). */
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Capitalises each word the Vietnamese way: "nguyễn văn AN" → "Nguyễn Văn An". */
export function titleCaseVietnamese(input: string): string {
  return normalizeText(input)
    .toLocaleLowerCase('vi')
    .split(' ')
    .map((w) => (w ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1) : w))
    .join(' ');
}
