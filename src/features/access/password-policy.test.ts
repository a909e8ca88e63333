/** The password rule as a pure function: lengths, the strength score, our Vietnamese words and the person's names. */
import { describe, expect, it } from 'vitest';
import {
  judgePassword,
  passwordProblem,
  personalWords,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MIN_SCORE,
} from './password-policy';

const officer = {
  username: 'ka.nguyet',
  fullName: 'Ka Thị Nguyệt',
  unitNames: ['CĐCS Trường THCS Phi Liêng'],
};

describe('password rule', () => {
  it('needs 10 to 128 characters, counted as characters, not bytes or code units', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_SCORE]).toEqual([10, 128, 3]);
    expect(passwordProblem('q7#Vx!2mL')).toBe('Mật khẩu phải có ít nhất 10 ký tự.');
    expect(passwordProblem('q7#Vx!2mLp')).toBeNull();
    const long = 'sông Hồng chảy qua cầu Long Biên '.repeat(4);
    expect(passwordProblem(long.slice(0, 128))).toBeNull();
    expect(passwordProblem(long.slice(0, 129))).toBe('Mật khẩu chỉ được dài tối đa 128 ký tự.');
    // Ten Vietnamese letters are ten characters whether typed precomposed (NFC) or decomposed (NFD).
    const tenLetters = 'ầđẫữợỹếộởẵ';
    expect(passwordProblem(tenLetters.slice(0, 9))).toBe('Mật khẩu phải có ít nhất 10 ký tự.');
    expect(passwordProblem(tenLetters.normalize('NFD'))).not.toBe('Mật khẩu phải có ít nhất 10 ký tự.');
    expect(passwordProblem(tenLetters.slice(0, 9).normalize('NFD'))).toBe(
      'Mật khẩu phải có ít nhất 10 ký tự.',
    );
    // An emoji is one character however many UTF-16 code units it takes.
    expect(passwordProblem('ầđẫữợỹếộ😀')).toBe('Mật khẩu phải có ít nhất 10 ký tự.');
  });

  it('refuses a score below 3 and accepts 3', () => {
    expect(judgePassword('Congdoan@2025')).toMatchObject({ score: 2 });
    expect(passwordProblem('Congdoan@2025')).toMatch(/^Mật khẩu quá dễ đoán\./);
    expect(judgePassword('Hanoi@2468!')).toEqual({ score: 3, problems: [] });
  });

  it('knows the passwords people here use: Vietnamese words, love phrases, 123456 and its cousins', () => {
    for (const weak of [
      'matkhau123',
      'Mật khẩu 123456',
      'yeuem123456',
      'anhyeuem2024',
      'congdoan2025',
      '6868686868',
    ]) {
      expect(judgePassword(weak).score, weak).toBeLessThan(PASSWORD_MIN_SCORE);
    }
    // The library's own dictionaries alone scored these 3 or 4.
    for (const weak of [
      'tinhyeu@2468',
      'quehuong2468',
      'dienthoai2468',
      'Matkhau@2468',
      'taikhoan@2468',
      'caphe@2468',
    ]) {
      expect(judgePassword(weak).score, weak).toBeLessThan(PASSWORD_MIN_SCORE);
    }
  });

  it('reads a Vietnamese full name typed as one word, with or without dots, as one guess', () => {
    // Without the name matcher zxcvbn scored each of these 4: three short words and a year are "many parts".
    for (const name of [
      'nguyenvananh1990',
      'tranthihuong1985',
      'Tran.Thi.Huong.85',
      'lethithuhuong',
      'NguyenVanNam88',
    ]) {
      expect(judgePassword(name).score, name).toBeLessThan(PASSWORD_MIN_SCORE);
      expect(passwordProblem(name), name).toContain('Họ tên đứng riêng rất dễ đoán.');
    }
  });

  it('takes the separators out before judging: "anh yeu em 123" is as weak as "anhyeuem123"', () => {
    expect(judgePassword('anh yeu em 123').score).toBeLessThan(PASSWORD_MIN_SCORE);
    expect(judgePassword('nguyen van a 1234').score).toBeLessThan(PASSWORD_MIN_SCORE);
  });

  it('refuses the person’s own username, full name and unit names, which are fine for someone else', () => {
    for (const own of ['truongphilieng', 'philieng2024#', 'kanguyet@2468', 'Philieng#2468']) {
      expect(judgePassword(own).score, own).toBeGreaterThanOrEqual(PASSWORD_MIN_SCORE);
      expect(judgePassword(own, officer).score, own).toBeLessThan(PASSWORD_MIN_SCORE);
    }
    expect(personalWords(officer)).toEqual(
      expect.arrayContaining(['ka', 'nguyet', 'kanguyet', 'kathinguyet', 'philieng', 'truong', 'congdoan']),
    );
  });

  it('accepts passphrases a person can remember, with or without diacritics', () => {
    for (const phrase of [
      'ca-phe-sua-da-buoi-sang',
      'Trâu ăn cỏ non bên suối',
      'đồi thông hai mộ 1975',
      'xe đạp đỏ ven hồ',
      'correct horse battery staple',
    ]) {
      expect(judgePassword(phrase, officer), phrase).toMatchObject({ problems: [] });
    }
  });

  it('explains in Vietnamese: every reason is a sentence of our translation, never a library key', () => {
    for (const weak of [
      'abcdefgh12',
      'qwertyuiop',
      'aaaaaaaaaa',
      '1990-01-01x',
      'password123',
      'kanguyet2024',
    ]) {
      const { problems } = judgePassword(weak, officer);
      expect(problems.length, weak).toBeGreaterThan(1);
      expect(problems[0]).toBe('Mật khẩu quá dễ đoán.');
      for (const problem of problems) {
        expect(problem, weak).toMatch(/^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÍÌÓÒÚÙÝ].*\.$/u);
        expect(problem, weak).toMatch(/[à-ỹđ]/u);
      }
    }
  });

  it('stays quick on the longest, most repetitive input', () => {
    const start = performance.now();
    expect(judgePassword('anh'.repeat(42) + 'an').score).toBeLessThan(PASSWORD_MIN_SCORE);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
