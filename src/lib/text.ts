/** Vietnamese text helpers: pure functions, no I/O. */
import { formatNumber } from './numbers';

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

// -------------------------------------------------------------------------------------------------------------
// The text policy: one rule for every name and text a person types, in a form (the API contracts, lib/schemas.ts)
// or in a file (the member and unit imports), so that both accept and refuse the same text, with the same lengths.

/**
 * Characters refused in text: control characters (NUL, which PostgreSQL cannot store, escape and the C1 range),
 * invisible format characters (zero-width space and joiners, soft hyphen, bidirectional overrides that reorder what
 * is shown, the byte-order mark), line and paragraph separators, private-use characters and lone surrogates. Tab,
 * line feed and carriage return are whitespace: collapsed into one space in a single line, kept in a note.
 */
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

export interface TextRule {
  /** Fewest characters once cleaned; 0 lets the text be empty. Default 1. */
  min?: number;
  /** A note: line breaks are kept (a name or a code is one line). */
  multiline?: boolean;
}

/** What a character is called in a message: "U+200B". */
const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The text as stored: NFC; one line with runs of whitespace collapsed, or a note with its lines trimmed at the end. */
export function cleanText(value: string, rule: Pick<TextRule, 'multiline'> = {}): string {
  if (!rule.multiline) return normalizeText(value);
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/**
 * Why `value` breaks the text policy (Vietnamese, to be shown beside its field or row), or null when it is good:
 * a forbidden character (named by its position and code point, since it cannot be seen), or a length outside
 * [min, max] counted on the cleaned text.
 */
export function textProblem(value: string, max: number, rule: TextRule = {}): string | null {
  const min = rule.min ?? 1;
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    const c = bad[0];
    const what =
      c === '\u0000'
        ? 'ký tự rỗng (NUL)'
        : /\p{Cc}/u.test(c)
          ? `ký tự điều khiển ${codePoint(c)}`
          : /\p{Cf}/u.test(c)
            ? `ký tự vô hình ${codePoint(c)}`
            : `ký tự không hợp lệ ${codePoint(c)}`;
    return `Có ${what} ở vị trí ${[...value.slice(0, bad.index)].length + 1}; hãy gõ lại nội dung này.`;
  }
  const cleaned = cleanText(value, rule);
  // UTF-16 units bound the characters from above (and from below, halved): count them only near a limit.
  const length = cleaned.length > max || cleaned.length < 2 * min ? [...cleaned].length : cleaned.length;
  if (length < min) return min <= 1 || length === 0 ? 'Không được để trống.' : `Cần ít nhất ${min} ký tự.`;
  if (length > max) return `Tối đa ${formatNumber(max)} ký tự (đang có ${formatNumber(length)}).`;
  return null;
}

/** Whether `value` holds a character the policy refuses (for a search box or a code, whatever its length). */
export function hasForbiddenCharacter(value: string): boolean {
  return FORBIDDEN.test(value);
}

/** Administrative prefixes left out when comparing place names ("Xã Phi Liêng" is "Phi Liêng"). */
const PLACE_PREFIX = /^(xa|phuong|thi tran|thi xa|huyen|quan|thanh pho|tp|tinh)\s+/;

/** A place name folded for comparison: no diacritics, no case, no "xã/phường/huyện/tỉnh/thành phố" prefix. */
function placeKey(part: string): string {
  let key = foldVietnamese(part);
  for (let before = ''; before !== key;) {
    before = key;
    key = key.replace(PLACE_PREFIX, '');
  }
  return key;
}

/**
 * An address with its commune and province, each part once: "Xã Phi Liêng, huyện Đam Rông, tỉnh Lâm Đồng" with
 * commune "Xã Phi Liêng" and province "Lâm Đồng" stays as it is. Parts compare without diacritics and prefixes.
 */
export function joinPlace(...parts: (string | null | undefined)[]): string {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const piece of parts.flatMap((p) => (p ?? '').split(','))) {
    const text = piece.trim();
    const key = placeKey(text);
    if (!text || seen.has(key)) continue;
    seen.add(key);
    kept.push(text);
  }
  return kept.join(', ');
}
