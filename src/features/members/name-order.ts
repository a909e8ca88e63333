/**
 * Vietnamese name order as a sort key the database can index, order and paginate by.
 *
 * People are listed the way rolls are read: by given name (the last word), then by surname and middle names.
 * Each part compares as the Vietnamese alphabet does (a ă â b c d đ e ê … ơ … ư …, the same order as
 * `compareVietnamese`): first every letter of the part, then the tones (ngang, huyền, hỏi, ngã, sắc, nặng).
 * The key is made of decimal digits only, so every collation (C, en_US, vi_VN) orders it the same way.
 */

const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';

/** Two-digit codes: 00 ends a part, 01 separates words, 02–11 are digits, 12–44 letters, 99 anything else. */
const END_OF_PART = '00';
const WORD_SEPARATOR = '01';
const OTHER = '99';

const TONES: Record<string, number> = {
  '\u0300': 1, // huyền
  '\u0309': 2, // hỏi
  '\u0303': 3, // ngã
  '\u0301': 4, // sắc
  '\u0323': 5, // nặng
};

/** Marks that make a different letter (ă, â, ê, ô, ơ, ư); NFD splits them from the base letter. */
const MODIFIED: Record<string, string> = {
  'a\u0306': 'ă',
  'a\u0302': 'â',
  'e\u0302': 'ê',
  'o\u0302': 'ô',
  'o\u031b': 'ơ',
  'u\u031b': 'ư',
};

function letterCode(letter: string): string {
  if (letter >= '0' && letter <= '9') return String(2 + Number(letter)).padStart(2, '0');
  const index = ALPHABET.indexOf(letter);
  return index < 0 ? OTHER : String(12 + index);
}

/**
 * Words already keyed: names repeat a few thousand words (Nguyễn, Thị, Văn …), so a 100,000-row import keys each
 * once. Bounded, so that a stream of odd words cannot grow it without end.
 */
const keyedWords = new Map<string, { letters: string; tone: number }>();
const KEYED_WORDS_MAX = 50_000;

function wordKey(word: string): { letters: string; tone: number } {
  let key = keyedWords.get(word);
  if (!key) {
    key = keyWord(word);
    if (keyedWords.size >= KEYED_WORDS_MAX) keyedWords.clear();
    keyedWords.set(word, key);
  }
  return key;
}

/** One word as letter codes and its tone digit. */
function keyWord(word: string): { letters: string; tone: number } {
  const chars = [...word.normalize('NFD').toLowerCase()];
  let letters = '';
  let tone = 0;
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] ?? '';
    if (/\p{M}/u.test(char)) continue;
    let letter = char;
    // Gather the combining marks after the base letter: modifiers change the letter, tone marks the word.
    for (let j = i + 1; j < chars.length && /\p{M}/u.test(chars[j] ?? ''); j += 1) {
      const mark = chars[j] ?? '';
      const toneOf = TONES[mark];
      if (toneOf !== undefined) tone = toneOf;
      else letter = MODIFIED[letter + mark] ?? letter;
    }
    letters += letterCode(letter);
  }
  return { letters, tone };
}

/** A part of a name (given name, or surname and middle names): all its letters, then all its tones. */
function partKey(words: string[]): string {
  const keys = words.map(wordKey);
  return keys.map((k) => k.letters).join(WORD_SEPARATOR) + END_OF_PART + keys.map((k) => k.tone).join('');
}

function wordsOf(name: string): string[] {
  return name
    .normalize('NFC')
    .split(/[\s\-–]+/)
    .map((w) => w.replace(/[^\p{L}\p{M}\p{N}]/gu, ''))
    .filter(Boolean);
}

/** The given name: the last word ("Trần Thị Thủy" → "Thủy"). */
export function givenNameOf(fullName: string): string {
  return wordsOf(fullName).at(-1) ?? '';
}

/** The sort key of a full name: given name first, then surname and middle names. */
export function nameSortKey(fullName: string): string {
  const words = wordsOf(fullName);
  const given = words.slice(-1);
  const rest = words.slice(0, -1);
  return partKey(given) + partKey(rest);
}
