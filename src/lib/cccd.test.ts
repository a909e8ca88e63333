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

  it('strips the spaces and dots people type', () => {
    expect(normalizeCccd(' 079 190.012-345 ')).toBe('079190012345');
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
