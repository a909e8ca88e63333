import { describe, expect, it } from 'vitest';
import { CCCD_PROVINCES, cccdProblems, normalizeCccd, parseCccd } from './cccd';

describe('CCCD number', () => {
  it('knows the 63 province codes of birth registration', () => {
    expect(Object.keys(CCCD_PROVINCES)).toHaveLength(63);
    expect(CCCD_PROVINCES['001']).toBe('Hà Nội');
    expect(CCCD_PROVINCES['068']).toBe('Lâm Đồng');
    expect(CCCD_PROVINCES['079']).toBe('TP Hồ Chí Minh');
    expect(CCCD_PROVINCES['096']).toBe('Cà Mau');
  });

  it('reads province, century, gender and year of birth', () => {
    expect(parseCccd('079190012345')).toEqual({
      provinceCode: '079',
      provinceName: 'TP Hồ Chí Minh',
      gender: 'female',
      birthYear: 1990,
    });
    expect(parseCccd('068205001234')?.gender).toBe('male');
    expect(parseCccd('068205001234')?.birthYear).toBe(2005);
    expect(parseCccd('068305001234')).toMatchObject({ gender: 'female', birthYear: 2005 });
    expect(parseCccd('003190012345')).toBeNull();
  });

  it('accepts a number that matches the person', () => {
    expect(cccdProblems('079190012345', { gender: 'female', birthDate: '1990-04-30' })).toEqual([]);
    expect(cccdProblems('001085000001', { gender: 'male', birthDate: '1985-01-01' })).toEqual([]);
    expect(cccdProblems('068203000001', { gender: 'male', birthDate: '2003-12-31' })).toEqual([]);
  });

  it('names every province of the table, each once', () => {
    const names = Object.values(CCCD_PROVINCES);
    expect(new Set(names).size).toBe(names.length);
    for (const [code, name] of Object.entries(CCCD_PROVINCES)) {
      expect(name.trim(), code).not.toBe('');
      expect(parseCccd(`${code}190012345`)?.provinceName, code).toBe(name);
    }
  });

  it('reads each century digit: 0–1 the 1900s, 2–3 the 2000s, 4–5, 6–7, and 8–9 the 1800s', () => {
    const read = (digit: number) => parseCccd(`001${digit}05000001`);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => [read(d)?.birthYear, read(d)?.gender])).toEqual([
      [1905, 'male'],
      [1905, 'female'],
      [2005, 'male'],
      [2005, 'female'],
      [2105, 'male'],
      [2105, 'female'],
      [2205, 'male'],
      [2205, 'female'],
      [1805, 'male'],
      [1805, 'female'],
    ]);
  });

  it('reads only a whole number of exactly 12 digits', () => {
    expect(parseCccd('0791900123456')).toBeNull();
    expect(parseCccd('07919001234')).toBeNull();
    expect(parseCccd('07919001234A')).toBeNull();
    expect(parseCccd('A79190012345')).toBeNull();
    expect(parseCccd('x079190012345')).toBeNull();
  });

  it('checks the year only when the birth date is known, and accepts both ends of the century', () => {
    expect(cccdProblems('079190012345', { gender: 'female' })).toEqual([]);
    expect(cccdProblems('079190012345', { birthDate: '1990-04-30' })).toEqual([]);
    expect(cccdProblems('001000000001', { gender: 'male', birthDate: '1900-01-01' })).toEqual([]);
    expect(cccdProblems('079199012345', { gender: 'female', birthDate: '1999-12-31' })).toEqual([]);
    expect(cccdProblems('079200012345', { gender: 'male', birthDate: '2000-01-01' })).toEqual([]);
    expect(cccdProblems('079899012345', { gender: 'male', birthDate: '1899-06-01' })).toEqual([]);
    expect(cccdProblems('079099012345', { birthDate: '2000-01-01' })).toEqual([
      'Số CCCD: chữ số thứ 4 là "0" (sinh từ năm 1900 đến 1999) không khớp với ngày sinh 01/01/2000.',
    ]);
    expect(cccdProblems('079200012345', { birthDate: '1999-12-31' })).toEqual([
      'Số CCCD: chữ số thứ 4 là "2" (sinh từ năm 2000 đến 2099) không khớp với ngày sinh 31/12/1999.',
    ]);
  });

  it('lists a wrong gender and a wrong year together', () => {
    expect(cccdProblems('001205000001', { gender: 'female', birthDate: '2006-02-03' })).toEqual([
      'Số CCCD: chữ số thứ 4 là "2" (nam, sinh từ năm 2000 đến 2099) không khớp với giới tính Nữ.',
      'Số CCCD: chữ số thứ 5–6 là "05" nhưng năm sinh là 2006 (ngày sinh 03/02/2006).',
    ]);
  });

  it('strips the spaces and dots people type', () => {
    expect(normalizeCccd(' 079 190.012-345 ')).toBe('079190012345');
    expect(normalizeCccd('079_190\t012345')).toBe('079190012345');
    expect(normalizeCccd('079/190')).toBe('079/190');
  });

  it('names the field and the digits at fault, in Vietnamese', () => {
    expect(cccdProblems('07919001234')).toEqual(['Số CCCD phải gồm đúng 12 chữ số (đang có 11).']);
    expect(cccdProblems('07919001234A')).toEqual(['Số CCCD chỉ gồm chữ số.']);
    expect(cccdProblems('003190012345')[0]).toMatch(/^Số CCCD: 3 chữ số đầu "003" không phải mã tỉnh/);
    const wrongGender = cccdProblems('079190012345', { gender: 'male', birthDate: '1990-04-30' });
    expect(wrongGender).toEqual([
      'Số CCCD: chữ số thứ 4 là "1" (nữ, sinh từ năm 1900 đến 1999) không khớp với giới tính Nam.',
    ]);
    const wrongCentury = cccdProblems('079390012345', { gender: 'female', birthDate: '1990-04-30' });
    expect(wrongCentury).toEqual([
      'Số CCCD: chữ số thứ 4 là "3" (sinh từ năm 2000 đến 2099) không khớp với ngày sinh 30/04/1990.',
    ]);
    const wrongYear = cccdProblems('079191012345', { gender: 'female', birthDate: '1990-04-30' });
    expect(wrongYear).toEqual([
      'Số CCCD: chữ số thứ 5–6 là "91" nhưng năm sinh là 1990 (ngày sinh 30/04/1990).',
    ]);
  });
});
