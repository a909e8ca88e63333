/**
 * What a search box means, without a database: a name (folded, its words, the typos one slip away) or a string of
 * digits (a CCCD, a member code or a phone number, whole or its first digits). list-store.ts turns the result into
 * SQL; nothing here reads or writes.
 */
import { foldVietnamese, normalizeText, titleCaseVietnamese } from '../../lib/text';
import { normalizePhone } from './person';

/** At most this many words of a name are searched (a full name rarely has more). */
export const MAX_SEARCH_WORDS = 6;
/** The fewest digits read as an identifier; fewer are looked up as nothing (a name needs letters). */
export const MIN_IDENTIFIER_DIGITS = 6;

export interface NameSearch {
  kind: 'name';
  /** The name as typed (spaces tidied) and title-cased as names are stored: an exact full name ranks first. */
  typed: string[];
  /** The folded words (diacritics removed), at most MAX_SEARCH_WORDS. */
  words: string[];
  /** The folded words joined by one space. */
  text: string;
  /** The folded text as the beginning of a name, for LIKE (its own wildcards removed). */
  prefix: string;
  /** Whether the words are plain letters, so that a search with no hit may forgive a typo per word. */
  typoTolerant: boolean;
}

export interface IdentifierSearch {
  kind: 'identifier';
  /** The digits as typed (a leading + dropped), and the phone number they make when they make one. */
  identifiers: string[];
}

export type ParsedSearch = NameSearch | IdentifierSearch | { kind: 'none' };

/**
 * Splits a search box into a name or the identifiers a string of digits may be (CCCD, code, phone); spaces, dots,
 * dashes and brackets between digits are ignored ("0912 345 678", "+84 912.345.678").
 */
export function parseSearch(q: string): ParsedSearch {
  const compact = q.replace(/[\s.\-()]/g, '');
  if (new RegExp(`^\\+?\\d{${MIN_IDENTIFIER_DIGITS},}$`).test(compact)) {
    const phone = normalizePhone(compact);
    return {
      kind: 'identifier',
      identifiers: [...new Set([compact.replace(/^\+/, ''), ...(phone ? [phone] : [])])],
    };
  }
  const words = foldVietnamese(q).split(' ').filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  const text = words.join(' ');
  if (text.length < 2) return { kind: 'none' };
  return {
    kind: 'name',
    typed: [...new Set([normalizeText(q), titleCaseVietnamese(q)])],
    words,
    text,
    prefix: `${text.replace(/[%_\\]/g, '')}%`,
    typoTolerant: words.every((w) => /^[a-z]+$/.test(w)),
  };
}

/** The search box as the list's name text or identifiers (the older shape, kept for the callers that use it). */
export function readSearchText(q: string): { text?: string; identifiers?: string[] } {
  const parsed = parseSearch(q);
  if (parsed.kind === 'identifier') return { identifiers: parsed.identifiers };
  if (parsed.kind === 'name') return { text: parsed.text };
  return {};
}

/**
 * The first string after every string that begins with `prefix` (digits): "123456" → "123457", "123459" → "12346",
 * "999" → null (nothing after). `code >= prefix AND code < next` finds the codes beginning with the digits through a
 * plain btree, whatever the database's collation.
 */
export function digitsUpperBound(prefix: string): string | null {
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === '9') i -= 1;
  if (i < 0) return null;
  return prefix.slice(0, i) + String(Number(prefix[i]) + 1);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every folded word one slip of the finger away from `word` (Damerau–Levenshtein distance 1: a letter left out,
 * doubled, replaced, or two neighbours swapped): "hugn" → "hung", "thj" → "thi", "tan" → "tran". Looked up in the
 * words index, they make typo-tolerant search an index search instead of a scan.
 */
export function typoVariants(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i += 1) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      out.add(head + letter + tail);
      if (tail) out.add(head + letter + tail.slice(1));
    }
  }
  out.delete(word);
  return [...out].filter(Boolean);
}

/** How often each word is in a list. */
export function timesEach(words: readonly string[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const w of words) times.set(w, (times.get(w) ?? 0) + 1);
  return times;
}

/**
 * What "every word a word of the name" asks: the words (a set, for the words index) and, for a word typed twice or
 * more, how often it must be there ("duong thi duong" finds Dương Thị Dương, not every Dương Thị something).
 */
export interface WordsCondition {
  all: string[];
  repeated: [word: string, times: number][];
}

export function wordsCondition(words: readonly string[]): WordsCondition {
  const times = timesEach(words);
  return { all: [...times.keys()], repeated: [...times].filter(([, n]) => n > 1) };
}

/**
 * One word read with a typo, the others as typed: the variants that are no other word of the search (`elsewhere`:
 * any of them a word of the name) and those that are (`again`: that word must then be there once more than the
 * others ask, so "duong thi duogn" does not find Dương Thị Hoa through the first "duong").
 */
export interface TypoAlternative {
  others: WordsCondition | null;
  elsewhere: string[];
  again: [word: string, moreThan: number][];
}

/** The forgiving search when nothing matched as typed: one alternative per word, any of them may match. */
export function typoAlternatives(words: readonly string[]): TypoAlternative[] {
  return words.map((word, i) => {
    const others = words.filter((_, j) => j !== i);
    const taken = timesEach(others);
    const variants = typoVariants(word);
    return {
      others: others.length ? wordsCondition(others) : null,
      elsewhere: variants.filter((v) => !taken.has(v)),
      again: variants.filter((v) => taken.has(v)).map((v): [string, number] => [v, taken.get(v)!]),
    };
  });
}
