/** What a search box means (search.ts), without a database: names, identifiers, typo variants, repeated words. */
import { describe, expect, it } from 'vitest';
import {
  digitsUpperBound,
  MAX_SEARCH_WORDS,
  MIN_IDENTIFIER_DIGITS,
  parseSearch,
  readSearchText,
  timesEach,
  typoAlternatives,
  typoVariants,
  wordsCondition,
} from './search';

describe('parseSearch', () => {
  it('reads a name: folded words, the text, its prefix, the name as typed and title-cased', () => {
    expect(parseSearch('  Trần   Thị Thủy ')).toEqual({
      kind: 'name',
      typed: ['Trần Thị Thủy'],
      words: ['tran', 'thi', 'thuy'],
      text: 'tran thi thuy',
      prefix: 'tran thi thuy%',
      typoTolerant: true,
    });
    expect(parseSearch('nguyễn văn AN')).toMatchObject({
      typed: ['nguyễn văn AN', 'Nguyễn Văn An'],
      words: ['nguyen', 'van', 'an'],
    });
  });

  it('keeps at most six words, drops LIKE wildcards from the prefix, tolerates typos only in plain letters', () => {
    expect(MAX_SEARCH_WORDS).toBe(6);
    const long = parseSearch('a b c d e f g h');
    expect(long).toMatchObject({ words: ['a', 'b', 'c', 'd', 'e', 'f'], text: 'a b c d e f' });
    expect(parseSearch('an_%\\')).toMatchObject({ text: 'an', prefix: 'an%' });
    expect(parseSearch('lan 2')).toMatchObject({ words: ['lan', '2'], typoTolerant: false });
    expect(parseSearch('lan')).toMatchObject({ typoTolerant: true });
  });

  it('needs two letters for a name', () => {
    expect(parseSearch('a')).toEqual({ kind: 'none' });
    expect(parseSearch('  ')).toEqual({ kind: 'none' });
    expect(parseSearch('ăn')).toMatchObject({ kind: 'name', text: 'an' });
  });

  it('reads six digits and more as identifiers, a phone number also in its 0… form', () => {
    expect(MIN_IDENTIFIER_DIGITS).toBe(6);
    expect(parseSearch('123456')).toEqual({ kind: 'identifier', identifiers: ['123456'] });
    expect(parseSearch('12345')).toMatchObject({ kind: 'name', typoTolerant: false });
    expect(parseSearch('079 190.012-345')).toEqual({ kind: 'identifier', identifiers: ['079190012345'] });
    expect(parseSearch('+84 (912) 345 678')).toEqual({
      kind: 'identifier',
      identifiers: ['84912345678', '0912345678'],
    });
    expect(parseSearch('0912345678')).toEqual({ kind: 'identifier', identifiers: ['0912345678'] });
    expect(parseSearch('12a456')).toMatchObject({ kind: 'name' });
    expect(parseSearch('+')).toEqual({ kind: 'none' });
    expect(parseSearch('1+23456')).toMatchObject({ kind: 'name' });
    expect(parseSearch('x123456')).toMatchObject({ kind: 'name' });
  });

  it('readSearchText gives the older shape', () => {
    expect(readSearchText('Lê Thị Ân')).toEqual({ text: 'le thi an' });
    expect(readSearchText('0912 345 678')).toEqual({ identifiers: ['0912345678'] });
    expect(readSearchText('a')).toEqual({});
  });
});

describe('digitsUpperBound', () => {
  it('is the first string after every string beginning with the digits', () => {
    expect(digitsUpperBound('123456')).toBe('123457');
    expect(digitsUpperBound('123459')).toBe('12346');
    expect(digitsUpperBound('129999')).toBe('13');
    expect(digitsUpperBound('0')).toBe('1');
    expect(digitsUpperBound('999')).toBeNull();
    expect(digitsUpperBound('')).toBeNull();
  });
});

describe('typoVariants', () => {
  it('gives every word one edit away: left out, doubled, replaced, swapped', () => {
    const variants = typoVariants('hugn');
    expect(variants).toContain('hung'); // swapped
    expect(variants).toContain('hun'); // left out
    expect(variants).toContain('hugnn'); // doubled
    expect(variants).toContain('hugh'); // replaced
    expect(variants).toContain('ahugn'); // one added before
    expect(variants).toContain('hugna'); // one added after
    expect(variants).toContain('ugn'); // the first left out
    expect(variants).not.toContain('hugn');
    expect(variants).not.toContain('');
    expect(new Set(variants).size).toBe(variants.length);
    expect(typoVariants('thj')).toContain('thi');
    expect(typoVariants('tan')).toContain('tran');
  });

  it('has exactly the distance-1 words of a short word', () => {
    expect(typoVariants('a').sort()).toEqual(
      [
        ...'abcdefghijklmnopqrstuvwxyz'.split('').map((l) => `${l}a`),
        ...'abcdefghijklmnopqrstuvwxyz'.split('').map((l) => `a${l}`),
        ...'bcdefghijklmnopqrstuvwxyz'.split(''),
      ]
        .filter((v, i, all) => all.indexOf(v) === i)
        .sort(),
    );
    expect(typoVariants('ab')).toContain('ba');
    expect(typoVariants('ab')).not.toContain('ab');
    expect(typoVariants('abc')).not.toContain('cba');
    expect(typoVariants('abc')).not.toContain('bca');
    expect(typoVariants('abc')).toEqual(expect.arrayContaining(['bac', 'acb', 'ac', 'bc', 'ab']));
    expect(typoVariants('abc')).toHaveLength(new Set(typoVariants('abc')).size);
  });
});

describe('repeated words', () => {
  it('counts each word', () => {
    expect([...timesEach(['duong', 'thi', 'duong'])]).toEqual([
      ['duong', 2],
      ['thi', 1],
    ]);
    expect(timesEach([]).size).toBe(0);
  });

  it('asks for a word typed twice to be there twice', () => {
    expect(wordsCondition(['duong', 'thi', 'duong'])).toEqual({
      all: ['duong', 'thi'],
      repeated: [['duong', 2]],
    });
    expect(wordsCondition(['le', 'an'])).toEqual({ all: ['le', 'an'], repeated: [] });
  });

  it('forgives one typo per word, a variant that is another word counting as one more of it', () => {
    const [first, second, third] = typoAlternatives(['duong', 'thi', 'duogn']);
    expect(third!.others).toEqual({ all: ['duong', 'thi'], repeated: [] });
    expect(third!.again).toEqual([['duong', 1]]);
    expect(third!.elsewhere).not.toContain('duong');
    expect(third!.elsewhere).toContain('duogm');
    expect(first!.others).toEqual({ all: ['thi', 'duogn'], repeated: [] });
    expect(first!.again).toEqual([['duogn', 1]]);
    expect(first!.elsewhere).toEqual(typoVariants('duong').filter((v) => v !== 'duogn'));
    expect(second!.elsewhere).toContain('thu');
    const [alone] = typoAlternatives(['hugn']);
    expect(alone).toEqual({ others: null, elsewhere: typoVariants('hugn'), again: [] });
    expect(typoAlternatives(['an', 'an', 'ann'])[2]!.again).toEqual([['an', 2]]);
  });
});
