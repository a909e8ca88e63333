/**
 * The web app's catalogs: English has exactly the Vietnamese keys, nothing is empty, placeholders agree, no
 * Vietnamese words in English but names and examples; a server problem is shown in the reader's language; a
 * person's values (ethnic group, listed occupations …, corrected values sent as data) in the reader's words.
 */
import { describe, expect, it } from 'vitest';
import { vi } from '../web/src/app/i18n/vi';
import { en } from '../web/src/app/i18n/en';
import { describeProblem, problemMessage } from '../web/src/app/i18n/problems';
import { interpolate } from '../web/src/app/api';
import { orgProblem, orgRowProblem } from '../src/features/organisation/errors';
import { defaultUnitGroups } from '../src/features/organisation/reference-data';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  OCCUPATIONS,
  RELIGIONS,
  UNION_POSITIONS,
} from '../src/features/members/reference-data';
import { correctionValueText, personValueReader } from '../web/src/features/members/person-values';
import { importProblemText } from '../web/src/features/reporting/import-problems';

/** A letter only Vietnamese writes (a vowel with its marks, đ). */
const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web i18n catalogs', () => {
  it('has the same keys in English as in Vietnamese', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('has no empty message', () => {
    const empty = [...Object.entries(vi), ...Object.entries(en)]
      .filter(([, text]) => text.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differing = Object.keys(vi).filter((key) => {
      const k = key as keyof typeof vi;
      return placeholders(vi[k]).join() !== placeholders(en[k]).join();
    });
    expect(differing).toEqual([]);
  });
});

describe('server problems on screen', () => {
  const say = (lang: 'vi' | 'en') => {
    const catalog: Record<string, string> = lang === 'vi' ? vi : en;
    return (key: string, params?: Record<string, string | number>) =>
      interpolate(catalog[key] ?? key, params);
  };

  it('shows an organisation problem of a units file in English in English mode, in Vietnamese otherwise', () => {
    const problem = orgRowProblem(5, 'Mã đơn vị cấp trên', 'row_unknown_parent', { code: 'KHONG-CO-MA' });
    expect(describeProblem(problem, say('en'), 'en')).toBe(
      'Row 5 · Mã đơn vị cấp trên: "KHONG-CO-MA" is neither in the file nor in the system.',
    );
    expect(describeProblem(problem, say('vi'), 'vi')).toBe(
      'Dòng 5 · Mã đơn vị cấp trên: "KHONG-CO-MA" không có trong tệp hay trong hệ thống.',
    );
  });

  it('shows a problem of a restructuring plan beside its field in English in English mode', () => {
    const problem = orgProblem('found.0.sector', 'unknown_sector', { sector: 'thien_van' });
    expect(problemMessage(problem, 'en')).toBe('Sector "thien_van" is not in the list of sectors.');
    expect(problemMessage(problem, 'vi')).toBe('Khu vực "thien_van" không có trong danh mục khu vực.');
    expect(describeProblem(problem, say('en'), 'en')).toBe(
      'Row 1 · Sector: Sector "thien_van" is not in the list of sectors.',
    );
  });

  it('lists a report file’s problem as "Dòng N, cột X: …", in the reader’s words', () => {
    const column = 'Quà Tết cho đoàn viên, người lao động khó khăn (suất)';
    const message = 'Ghi số nguyên không âm.';
    const problem = { field: `Dòng 7, cột "${column}"`, row: 7, column, message };
    expect(importProblemText(problem, say('vi'), 'vi')).toBe(`Dòng 7, cột "${column}": ${message}`);
    expect(importProblemText(problem, say('en'), 'en')).toBe(`Row 7, column "${column}": ${message}`);
    expect(importProblemText({ ...problem, column: undefined }, say('vi'), 'vi')).toBe(`Dòng 7: ${message}`);
    expect(importProblemText({ field: 'reports', message }, say('vi'), 'vi')).toBe(message);
  });

  it('keeps the Vietnamese message when the server gives no English one', () => {
    const problem = { field: 'Dòng 3: Địa chỉ', message: 'Có ký tự rỗng (NUL) ở vị trí 3.' };
    expect(problemMessage(problem, 'en')).toBe(problem.message);
  });
});

describe('a person’s values in English mode', () => {
  const say = (lang: 'vi' | 'en') => {
    const catalog: Record<string, string> = lang === 'vi' ? vi : en;
    return (key: string, params?: Record<string, string | number>) =>
      interpolate(catalog[key] ?? key, params);
  };
  /** The lists as GET /api/person-values sends them. */
  const lists = {
    ethnicities: ETHNICITIES.map((e) => ({ ...e })),
    religions: [...RELIGIONS],
    educationLevels: [...EDUCATION_LEVELS],
    occupations: [...OCCUPATIONS],
    unionPositions: [...UNION_POSITIONS],
  };
  const english = personValueReader(lists, 'en');
  const vietnamese = personValueReader(lists, 'vi');

  it('names every listed value in English, without Vietnamese letters', () => {
    const untranslated = [
      ...lists.ethnicities,
      ...lists.religions,
      ...lists.educationLevels,
      ...lists.occupations,
      ...lists.unionPositions,
    ].filter((v) => VIETNAMESE_LETTER.test(v.nameEn));
    expect(untranslated).toEqual([]);
  });

  it('shows the ethnic group by its code and a listed value of a free-text field in the reader’s language', () => {
    expect(english.ethnicity('16')).toBe('Co Ho');
    expect(english.ethnicityOptions.find((o) => o.value === '08')?.label).toBe('Hmong');
    expect(vietnamese.ethnicity('16')).toBe('Cơ Ho');
    expect(english.value('occupation', 'Giáo viên')).toBe('Teacher');
    expect(english.value('education', 'Đại học')).toBe('University');
    expect(english.value('religion', 'Công giáo')).toBe('Catholicism');
    expect(english.value('unionPosition', 'Chủ tịch CĐCS')).toBe('Chair of the grassroots union');
    expect(vietnamese.value('occupation', 'Giáo viên')).toBe('Giáo viên');
    // Text that is no listed value is shown as written.
    expect(english.value('occupation', 'Kỹ sư nông nghiệp')).toBe('Kỹ sư nông nghiệp');
    // What the record keeps: a listed value chosen or typed by its English name is written in Vietnamese.
    expect(english.stored('occupation', 'Teacher')).toBe('Giáo viên');
    expect(english.stored('occupation', 'Beekeeper')).toBe('Beekeeper');
    expect(english.suggestions('education').map((s) => s.label)).toContain('Master’s degree');
  });

  it('says a corrected value (as the server sends it: codes, ISO dates, booleans) in the reader’s words', () => {
    const text = (lang: 'vi' | 'en', field: string, value: string | boolean | null) =>
      correctionValueText(field, value, say(lang), lang === 'en' ? english : vietnamese);
    expect(text('en', 'gender', 'female')).toBe('Female');
    expect(text('vi', 'gender', 'female')).toBe('Nữ');
    expect(text('en', 'partyMember', true)).toBe('Yes');
    expect(text('vi', 'partyMember', true)).toBe('Có');
    expect(text('en', 'ethnicityCode', '20')).toBe('Mnong');
    expect(text('en', 'occupation', 'Công nhân')).toBe('Worker');
    expect(text('en', 'religion', null)).toBe(en['member.corrections.none']);
    expect(text('vi', 'birthDate', '1960-02-01')).toBe('01/02/1960');
  });

  it('has an English name for each default group (khối) of units', () => {
    const catalog: Record<string, string> = en;
    for (const group of defaultUnitGroups) {
      expect(catalog[`group.${group.id}`]).toBeTruthy();
      expect(catalog[`group.${group.id}`]).not.toMatch(VIETNAMESE_LETTER);
    }
  });

  it('has no Vietnamese words in the English catalog but names, examples and the union’s own terms', () => {
    // Examples of names people type, the app's and the language's own names, the union's terms kept in English.
    const kept = new Set([
      'app.name',
      'app.lang.viFull',
      'tree.hint',
      'unit.name.placeholder',
      'event.decisionNo.placeholder',
      'person.fullName.placeholder',
      'members.search.hint',
    ]);
    const terms = /CĐCS|NĐ-CP|Mã CĐCS/g;
    const vietnameseIn = Object.entries(en)
      .filter(([key, text]) => !kept.has(key) && VIETNAMESE_LETTER.test(text.replace(terms, '')))
      .map(([key]) => key);
    expect(vietnameseIn).toEqual([]);
  });
});
