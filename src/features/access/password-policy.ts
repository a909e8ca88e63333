/**
 * The password rule, in one place for the API, the command line and the demo (the web form shows the server's
 * answer): 10 to 128 characters, and hard to guess as zxcvbn-ts estimates it, with its common dictionaries, our
 * Vietnamese names and words, and the user's own username, full name and unit names.
 *
 * Why score 3 ("safely unguessable", about 10^8 guesses): passwords are stored with argon2id and logins are
 * throttled per address and locked per account, so 10^8 guesses is out of reach online and costs an offline attacker
 * days of argon2 time per account; score 4 (10^10) refuses most passphrases that officers can remember, who would
 * then write them down. Length 10 keeps short random-looking strings out even where the estimate is generous;
 * 128 bounds the hashing and the estimate's work.
 *
 * Pure: no I/O, 2–50 ms a call.
 */
import { MatcherBaseClass, ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { Match, MatchOptions, TranslationKeys } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { COMMON_NUMBERS, COMMON_WORDS, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES } from './password-words';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_SCORE = 3;

/** What a guesser would know of the person: their own names are the first words tried. */
export interface PasswordContext {
  username?: string | undefined;
  fullName?: string | undefined;
  unitNames?: readonly string[] | undefined;
}

/** The library's feedback in Vietnamese; `TranslationKeys` makes a missing key a compile error. */
const VIETNAMESE: TranslationKeys = {
  warnings: {
    straightRow: 'Các phím liền nhau trên bàn phím rất dễ đoán.',
    keyPattern: 'Một đường gõ trên bàn phím rất dễ đoán.',
    simpleRepeat: 'Ký tự lặp lại như "aaa" rất dễ đoán.',
    extendedRepeat: 'Cụm ký tự lặp lại như "abcabcabc" rất dễ đoán.',
    sequences: 'Dãy ký tự liên tiếp như "abc" hay "123" rất dễ đoán.',
    recentYears: 'Những năm gần đây rất dễ đoán.',
    dates: 'Ngày tháng rất dễ đoán.',
    topTen: 'Đây là một trong những mật khẩu bị dùng nhiều nhất.',
    topHundred: 'Đây là mật khẩu bị dùng rất nhiều.',
    common: 'Đây là mật khẩu phổ biến.',
    similarToCommon: 'Mật khẩu này gần giống một mật khẩu phổ biến.',
    wordByItself: 'Một từ đứng riêng rất dễ đoán.',
    namesByThemselves: 'Họ tên đứng riêng rất dễ đoán.',
    commonNames: 'Họ tên và từ thông dụng rất dễ đoán.',
    userInputs: 'Không nên dùng tên đăng nhập, họ tên hay tên đơn vị của bạn.',
    pwned: 'Mật khẩu này đã bị lộ trên Internet.',
  },
  suggestions: {
    l33t: 'Tránh thay chữ bằng số dễ đoán như "a" thành "@".',
    reverseWords: 'Tránh viết ngược những từ thông dụng.',
    allUppercase: 'Viết hoa vài chữ, không phải tất cả.',
    capitalization: 'Viết hoa thêm chữ ở giữa, không chỉ chữ đầu.',
    dates: 'Tránh ngày tháng gắn với bạn.',
    recentYears: 'Tránh những năm gần đây.',
    associatedYears: 'Tránh những năm gắn với bạn.',
    sequences: 'Tránh dãy ký tự liên tiếp.',
    repeated: 'Tránh lặp lại từ và ký tự.',
    longerKeyboardPattern: 'Dùng đường gõ phím dài hơn và đổi hướng nhiều lần.',
    anotherWord: 'Thêm vài từ ít gặp.',
    useWords: 'Dùng một câu gồm nhiều từ, tránh câu thông dụng.',
    noNeed: 'Không cần ký hiệu, chữ số hay chữ hoa: một câu dài, lạ là đủ.',
    pwned: 'Nếu bạn dùng mật khẩu này ở nơi khác, hãy đổi nó.',
  },
  timeEstimation: {
    ltSecond: 'dưới 1 giây',
    second: '{base} giây',
    seconds: '{base} giây',
    minute: '{base} phút',
    minutes: '{base} phút',
    hour: '{base} giờ',
    hours: '{base} giờ',
    day: '{base} ngày',
    days: '{base} ngày',
    month: '{base} tháng',
    months: '{base} tháng',
    year: '{base} năm',
    years: '{base} năm',
    centuries: 'hàng thế kỷ',
  },
};

/** Each name syllable's rank: its place in the most common list it appears in (1 = most common). */
const SYLLABLE_RANK = new Map<string, number>();
for (const list of [FAMILY_NAMES, MIDDLE_NAMES, GIVEN_NAMES]) {
  list.forEach((syllable, index) => {
    SYLLABLE_RANK.set(syllable, Math.min(SYLLABLE_RANK.get(syllable) ?? Infinity, index + 1));
  });
}
const LONGEST_SYLLABLE = Math.max(...[...SYLLABLE_RANK.keys()].map((s) => s.length));
const NAME_SEPARATORS = new Set([' ', '.', '_', '-']);

/**
 * Vietnamese full names typed as one word ("nguyenvanthu", "tran.thi.huong"): zxcvbn would score each syllable as a
 * dictionary word and then charge heavily for the number of parts, so a name and a year came out "very strong".
 * Here a run of two or more name syllables is one guess costing the product of the syllables' ranks.
 */
class VietnameseNameMatching extends MatcherBaseClass {
  match({ password }: MatchOptions): Match[] {
    const lower = password.toLowerCase();
    const matches: Match[] = [];
    for (let start = 0; start < lower.length; start += 1) {
      // The cheapest rank of the syllables read from `start` up to each position: dynamic programming keeps the
      // work quadratic at worst, however many ways the letters split into syllables.
      const reach = new Map<number, number>([[start, 1]]);
      const best = new Map<number, number>();
      for (let at = start; at < lower.length; at += 1) {
        const before = reach.get(at);
        if (before === undefined) continue;
        for (let length = 1; length <= LONGEST_SYLLABLE && at + length <= lower.length; length += 1) {
          const syllableRank = SYLLABLE_RANK.get(lower.slice(at, at + length));
          if (syllableRank === undefined) continue;
          const j = at + length - 1;
          const rank = before * syllableRank;
          const isRun = at !== start;
          if (isRun) best.set(j, Math.min(best.get(j) ?? Infinity, rank));
          const next = NAME_SEPARATORS.has(lower[j + 1] ?? '') ? j + 2 : j + 1;
          reach.set(next, Math.min(reach.get(next) ?? Infinity, rank));
        }
      }
      for (const [j, rank] of best) {
        matches.push({ pattern: 'vietnameseName', i: start, j, token: password.slice(start, j + 1), rank });
      }
    }
    return matches;
  }
}

const vietnameseName = {
  Matching: VietnameseNameMatching,
  // Capitals anywhere double the guesses at most: a guesser tries "NguyenVanThu" right after "nguyenvanthu".
  scoring: (match: Match) => (match.rank as number) * (match.token === match.token.toLowerCase() ? 1 : 2),
  feedback: () => ({
    warning: VIETNAMESE.warnings.namesByThemselves,
    suggestions: [VIETNAMESE.suggestions.anotherWord],
  }),
};

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory(
    {
      dictionary: {
        ...dictionary,
        vietnamese: [...new Set([...COMMON_WORDS, ...COMMON_NUMBERS, ...SYLLABLE_RANK.keys()])],
      },
      graphs: adjacencyGraphs,
      translations: VIETNAMESE,
    },
    { vietnameseName },
  );
  return factory;
}

/** Diacritics off, one character for one ("Mật khẩu" → "Mat khau"): a guesser tries both spellings. */
function foldMarks(text: string): string {
  return [...text]
    .map((c) =>
      c
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace('đ', 'd')
        .replace('Đ', 'D'),
    )
    .join('');
}

/** The words a guesser would take from the person: each name word, each pair of neighbours, the whole name joined. */
export function personalWords(context: PasswordContext): string[] {
  const words = new Set<string>(['congdoan', 'congdoanso', 'doanvien']);
  const phrases = [context.username, context.fullName, ...(context.unitNames ?? [])];
  for (const phrase of phrases) {
    if (!phrase) continue;
    const parts = foldMarks(phrase)
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    parts.forEach((part, i) => {
      if (part.length >= 2) words.add(part);
      if (i > 0) words.add(`${parts[i - 1]}${part}`);
    });
    if (parts.length > 1) words.add(parts.join(''));
  }
  return [...words];
}

export interface PasswordVerdict {
  /** 0–4, zxcvbn's scale; PASSWORD_MIN_SCORE or more is accepted. */
  score: number;
  /** Vietnamese reasons and advice; empty when the password is accepted. */
  problems: string[];
}

export function judgePassword(password: string, context: PasswordContext = {}): PasswordVerdict {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { score: 0, problems: [`Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`] };
  if (length > PASSWORD_MAX_LENGTH)
    return { score: 0, problems: [`Mật khẩu chỉ được dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.`] };
  // Judged as typed and with its separators taken out, the weaker of the two: zxcvbn charges for every part of a
  // password, so "anh yeu em 123" scored 4 where "anhyeuem123" scores 1, yet a guesser tries both alike.
  const folded = foldMarks(password.normalize('NFC'));
  const inputs = personalWords(context);
  const result = [folded, folded.replace(/[\s._-]+/g, '')]
    .map((candidate) => estimator().check(candidate, inputs))
    .reduce((weakest, next) => (next.score < weakest.score ? next : weakest));
  if (result.score >= PASSWORD_MIN_SCORE) return { score: result.score, problems: [] };
  const { warning, suggestions } = result.feedback;
  return {
    score: result.score,
    problems: [
      'Mật khẩu quá dễ đoán.',
      ...(warning ? [warning] : []),
      ...suggestions.filter((s, i) => suggestions.indexOf(s) === i),
    ],
  };
}

/** One Vietnamese message for a refused password, or null when it is accepted. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const { problems } = judgePassword(password, context);
  return problems.length > 0 ? problems.join(' ') : null;
}
