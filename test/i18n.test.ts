/**
 * The web app's catalogs: English has exactly the Vietnamese keys, nothing is empty, placeholders agree; and a
 * server problem is shown in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import { vi } from '../web/src/app/i18n/vi';
import { en } from '../web/src/app/i18n/en';
import { describeProblem, problemMessage } from '../web/src/app/i18n/problems';
import { interpolate } from '../web/src/app/api';
import { orgProblem, orgRowProblem } from '../src/features/organisation/errors';

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

  it('keeps the Vietnamese message when the server gives no English one', () => {
    const problem = { field: 'Dòng 3: Địa chỉ', message: 'Có ký tự rỗng (NUL) ở vị trí 3.' };
    expect(problemMessage(problem, 'en')).toBe(problem.message);
  });
});
