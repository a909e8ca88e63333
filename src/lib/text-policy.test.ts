import { describe, expect, it } from 'vitest';
import { cleanText, hasForbiddenCharacter, textProblem } from './text';
import { nameText, noteText, optionalText, searchText } from './schemas';

describe('the text policy (lib/text.ts)', () => {
  it('accepts Vietnamese names, Central Highlands apostrophes and hyphens', () => {
    for (const name of ['Nguyễn Thị Hoa', "H'Hen Niê", 'K’Brơi', 'Ka-Sô Liễng', 'Đinh Ngọc Ánh'])
      expect(textProblem(name, 100), name).toBeNull();
  });

  it('refuses NUL, control characters and DEL, naming where they are', () => {
    expect(textProblem('Ng\u0000uyễn', 100)).toBe('Có ký tự rỗng (NUL) ở vị trí 3; hãy gõ lại nội dung này.');
    expect(textProblem('An\u0007', 100)).toBe(
      'Có ký tự điều khiển U+0007 ở vị trí 3; hãy gõ lại nội dung này.',
    );
    expect(textProblem('An\u001b[31m', 100)).toContain('U+001B');
    expect(textProblem('An\u007f', 100)).toContain('U+007F');
    expect(textProblem('An\u0085', 100)).toContain('U+0085');
  });

  it('refuses zero-width, bidirectional and other invisible characters', () => {
    for (const c of ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u2066']) {
      const problem = textProblem(`Hoa${c}Mai`, 100);
      expect(problem, `U+${c.codePointAt(0)!.toString(16)}`).toMatch(
        /^Có ký tự vô hình U\+[0-9A-F]{4} ở vị trí 4/,
      );
    }
    expect(textProblem('Hoa\u2028Mai', 100)).toContain('U+2028');
    expect(textProblem('Hoa\ue000', 100)).toContain('U+E000');
    expect(textProblem('Hoa\ud800', 100)).toContain('U+D800');
  });

  it('counts positions in characters a person sees, not UTF-16 units', () => {
    expect(textProblem('😀\u0000', 100)).toContain('vị trí 2');
  });

  it('treats tab and line breaks as whitespace: collapsed in a line, kept in a note', () => {
    expect(textProblem('Nguyễn\tVăn\r\nAn', 100)).toBeNull();
    expect(cleanText('  Nguyễn\tVăn\r\n An  ')).toBe('Nguyễn Văn An');
    expect(cleanText('Dòng một  \r\nDòng hai\rDòng ba\n', { multiline: true })).toBe(
      'Dòng một\nDòng hai\nDòng ba',
    );
  });

  it('stores NFC and counts length on the cleaned text', () => {
    const decomposed = 'Thu\u0309y';
    expect(cleanText(decomposed)).toBe('Thủy');
    expect(cleanText(decomposed)).not.toBe(decomposed);
    // 5 UTF-16 units decomposed, 4 characters composed: within a limit of 4.
    expect(textProblem(decomposed, 4)).toBeNull();
    expect(textProblem(`  ${'a'.repeat(10)}  `, 10)).toBeNull();
    expect(textProblem('a'.repeat(11), 10)).toBe('Tối đa 10 ký tự (đang có 11).');
    expect(textProblem('x'.repeat(10_000), 100)).toBe('Tối đa 100 ký tự (đang có 10.000).');
  });

  it('asks for the minimum on the cleaned text; 0 allows empty', () => {
    expect(textProblem('   ', 10)).toBe('Không được để trống.');
    expect(textProblem(' a ', 10, { min: 2 })).toBe('Cần ít nhất 2 ký tự.');
    expect(textProblem('', 10, { min: 0 })).toBeNull();
  });

  it('flags forbidden characters for a search box, letting whitespace pass', () => {
    expect(hasForbiddenCharacter('nguyen\u0000')).toBe(true);
    expect(hasForbiddenCharacter('nguyen\u200b')).toBe(true);
    expect(hasForbiddenCharacter('nguyễn văn\tan')).toBe(false);
  });
});

describe('the contracts use the same policy (lib/schemas.ts)', () => {
  it('nameText cleans what it accepts and refuses what textProblem refuses, with the same message', () => {
    expect(nameText(100, 2).parse('  Thu\u0309y   An ')).toBe('Thủy An');
    for (const bad of ['A', 'Hoa\u0000', 'Hoa\u200bMai', 'x'.repeat(101)]) {
      const result = nameText(100, 2).safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error!.issues[0]!.message).toBe(textProblem(bad, 100, { min: 2 }));
    }
    expect(nameText(100).safeParse(42).success).toBe(false);
  });

  it('optionalText gives null for empty or absent text and refuses control characters', () => {
    expect(optionalText(20).parse('')).toBeNull();
    expect(optionalText(20).parse('   ')).toBeNull();
    expect(optionalText(20).parse(undefined)).toBeNull();
    expect(optionalText(20).parse(' 0912 ')).toBe('0912');
    expect(optionalText(20).safeParse('09\u000012').success).toBe(false);
    expect(optionalText(20).safeParse('1'.repeat(21)).success).toBe(false);
  });

  it('noteText keeps lines, searchText keeps what was typed', () => {
    expect(noteText(100).parse('Một\r\nHai')).toBe('Một\nHai');
    expect(noteText(100).safeParse('Một\u0000').success).toBe(false);
    expect(searchText(10).parse('nguyen ')).toBe('nguyen ');
    expect(searchText(10).safeParse('ng\u200buyen').success).toBe(false);
    expect(searchText(10).safeParse('x'.repeat(11)).success).toBe(false);
  });
});
