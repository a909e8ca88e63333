/** The registry's pure rules: member code check digit, phone numbers, name order, stays from events, ages, masks. */
import { describe, expect, it } from 'vitest';
import { compareVietnamese, textProblem } from '../../lib/text';
import {
  formatMemberCode,
  isMemberCode,
  luhnCheckDigit,
  memberCodeProblem,
  normalizeMemberCode,
} from './member-code';
import {
  ageOn,
  birthRangeForAges,
  deriveStays,
  maskCccd,
  maskPhone,
  statusOn,
  type EventForDerivation,
} from './model';
import { givenNameOf, nameSortKey } from './name-order';
import { normalizePhone, preparePerson } from './person';

describe('member code', () => {
  it('appends a Luhn check digit to a 9-digit sequence number', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example 79927398713
    expect(formatMemberCode(100_000_000)).toBe('1000000008');
    expect(formatMemberCode(123_456_789)).toBe('1234567897');
    expect(memberCodeProblem('1234567897')).toBeNull();
    expect(() => formatMemberCode(99_999_999)).toThrow(RangeError);
  });

  it('catches every single-digit mistake and adjacent swaps, with a Vietnamese message', () => {
    const code = formatMemberCode(246_813_579);
    for (let i = 0; i < code.length; i += 1) {
      for (let d = 0; d <= 9; d += 1) {
        if (String(d) === code[i]) continue;
        const typo = code.slice(0, i) + String(d) + code.slice(i + 1);
        expect(memberCodeProblem(typo), typo).not.toBeNull();
      }
    }
    for (let i = 0; i < code.length - 1; i += 1) {
      if (
        code[i] === code[i + 1] ||
        `${code[i]}${code[i + 1]}` === '09' ||
        `${code[i]}${code[i + 1]}` === '90'
      )
        continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(memberCodeProblem(swapped), swapped).toMatch(/sai chữ số kiểm tra/);
    }
    expect(memberCodeProblem('12345')).toBe('Mã đoàn viên gồm 10 chữ số (đang có 5).');
    expect(memberCodeProblem('12345abcde')).toBe('Mã đoàn viên chỉ gồm chữ số.');
  });

  it('issues codes for the whole 9-digit range and nothing outside it', () => {
    expect(formatMemberCode(999_999_999)).toBe('9999999999');
    expect(() => formatMemberCode(1_000_000_000)).toThrow(/out of range: 1000000000/);
    expect(() => formatMemberCode(99_999_999)).toThrow(/out of range: 99999999/);
    expect(() => formatMemberCode(123_456_789.5)).toThrow(RangeError);
    expect(luhnCheckDigit('')).toBe(0);
    expect(luhnCheckDigit('9')).toBe(1); // 9 doubled is 18, counted as 1 + 8
    expect(luhnCheckDigit('5')).toBe(9); // 5 doubled is 10, counted as 1 + 0
  });

  it('accepts a valid code that ends in 0 and refuses one that starts with 0', () => {
    expect(formatMemberCode(100_000_004)).toBe('1000000040');
    expect(isMemberCode('1000000040')).toBe(true);
    expect(memberCodeProblem('0000000000')).toBe('Mã đoàn viên không bắt đầu bằng số 0.');
    expect(isMemberCode('0000000000')).toBe(false);
    expect(memberCodeProblem('x123456789')).toBe('Mã đoàn viên chỉ gồm chữ số.');
    expect(memberCodeProblem('')).toBe('Mã đoàn viên chỉ gồm chữ số.');
    expect(isMemberCode('1234567897')).toBe(true);
    expect(isMemberCode('1234567898')).toBe(false);
  });

  it('reads a code copied from a card with spaces, dots or dashes', () => {
    expect(normalizeMemberCode(' 1234 5678.97 ')).toBe('1234567897');
    expect(normalizeMemberCode('123-456-7897')).toBe('1234567897');
    expect(normalizeMemberCode('12/34')).toBe('12/34');
  });
});

describe('phone numbers', () => {
  it('normalises Vietnamese mobile numbers to 0xxxxxxxxx', () => {
    expect(normalizePhone('0912 345 678')).toBe('0912345678');
    expect(normalizePhone('+84 912.345.678')).toBe('0912345678');
    expect(normalizePhone('84382345678')).toBe('0382345678');
    expect(normalizePhone('(+84) 70-123-4567')).toBe('0701234567');
    for (const prefix of ['03', '05', '07', '08', '09'])
      expect(normalizePhone(`${prefix}12345678`)).not.toBeNull();
  });
  it('refuses landlines, old 11-digit numbers and wrong lengths', () => {
    for (const bad of ['0212345678', '01212345678', '091234567', '09123456789', '+8491234567', '0612345678'])
      expect(normalizePhone(bad), bad).toBeNull();
  });
});

describe('a person', () => {
  const base = {
    fullName: '  trần   thị THỦY ',
    birthDate: '1990-04-30',
    gender: 'female',
    ethnicityCode: '1',
    cccd: '079 190 012 345',
    phone: '+84 912 345 678',
    email: ' Thuy@Example.VN ',
    joinedOn: '2015-01-01',
  };
  it('is normalised: NFC, title case, folded search text, digits only', () => {
    const { person, problems } = preparePerson(base, '2026-01-01');
    expect(problems).toEqual([]);
    expect(person).toMatchObject({
      fullName: 'Trần Thị Thủy',
      searchText: 'tran thi thuy',
      ethnicityCode: '01',
      cccd: '079190012345',
      phone: '0912345678',
      email: 'thuy@example.vn',
      partyMember: false,
    });
    expect(person.fullName).toBe(person.fullName.normalize('NFC'));
  });
  it('says an empty name is empty, and a one-letter name too short', () => {
    const message = (fullName: string) =>
      preparePerson({ ...base, fullName }, '2026-01-01').problems.find((x) => x.field === 'fullName')
        ?.message;
    expect(message('   ')).toBe('Họ và tên: không được để trống.');
    expect(message('A')).toBe('Họ và tên: cần ít nhất 2 ký tự.');
    expect(textProblem('', 100, { min: 2 })).toBe('Không được để trống.');
    expect(textProblem('a', 100, { min: 2 })).toBe('Cần ít nhất 2 ký tự.');
  });
  it('names each bad field in Vietnamese', () => {
    const { problems } = preparePerson(
      {
        ...base,
        gender: 'male',
        phone: '0212345678',
        ethnicityCode: '77',
        birthDate: '2005-01-01',
        email: 'x@',
      },
      '2026-01-01',
    );
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField.cccd).toMatch(/^Số CCCD: chữ số thứ 4 là "1"/);
    expect(byField.phone).toMatch(/^Số điện thoại "0212345678" không hợp lệ/);
    expect(byField.ethnicityCode).toMatch(/không có trong danh mục 54 dân tộc/);
    expect(byField.birthDate).toMatch(/phải đủ 15 tuổi/);
    expect(byField.email).toMatch(/Email "x@" không hợp lệ/);
  });
});

describe('Vietnamese name order', () => {
  const sortByKey = (names: string[]) =>
    [...names].sort((a, b) =>
      nameSortKey(a) < nameSortKey(b) ? -1 : nameSortKey(a) > nameSortKey(b) ? 1 : 0,
    );

  it('orders by given name, in the Vietnamese alphabet', () => {
    expect(sortByKey(['Lê Văn Đức', 'Phạm Dũng', 'Trần Bình', 'Nguyễn Thị Ân', 'Hoàng An'])).toEqual([
      'Hoàng An',
      'Nguyễn Thị Ân',
      'Trần Bình',
      'Phạm Dũng',
      'Lê Văn Đức',
    ]);
  });

  it('compares letters before tones, then surname and middle names', () => {
    expect(sortByKey(['Vũ Anh', 'Lê Án', 'Trần An', 'Đỗ Ăn', 'Bùi Ạn', 'Hồ Àn'])).toEqual([
      'Trần An',
      'Hồ Àn',
      'Lê Án',
      'Bùi Ạn',
      'Vũ Anh',
      'Đỗ Ăn',
    ]);
    expect(sortByKey(['Nguyễn Văn An', 'Lê Thị An', 'Lê An'])).toEqual([
      'Lê An',
      'Lê Thị An',
      'Nguyễn Văn An',
    ]);
  });

  it('agrees with the Vietnamese collator on given names', () => {
    const given = [
      'Thủy',
      'Thúy',
      'Thuỷ',
      'Ơn',
      'Ôn',
      'On',
      'Ưng',
      'Uyên',
      'Gấm',
      'Giang',
      'Đào',
      'Dung',
      'Yến',
      'Xuân',
    ];
    const byCollator = [...given].sort(compareVietnamese);
    const byKey = sortByKey(given);
    // The collator ignores tones (base sensitivity); the key breaks those ties by tone. Letters must agree.
    const letters = (list: string[]) =>
      list.map((n) => n.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323]/g, ''));
    expect(letters(byKey)).toEqual(letters(byCollator));
    expect(givenNameOf('Bru-Vân Kiều Hồ A')).toBe('A');
  });

  it('is made of digits only, so every database collation orders it the same', () => {
    expect(nameSortKey("H'Hen Niê Đỗ Thị Ánh")).toMatch(/^\d+$/);
  });
});

describe('stays from events', () => {
  const names = (id: string) => ({ A: 'CĐCS A', B: 'CĐCS B', C: 'CĐCS C' })[id] ?? id;
  let seq = 0;
  const e = (kind: EventForDerivation['kind'], unitId: string, effectiveOn: string): EventForDerivation => ({
    seq: (seq += 1),
    kind,
    unitId,
    effectiveOn,
  });

  it('turns admit, transfer, leave, reinstate and death into dated stays', () => {
    const result = deriveStays(
      [
        e('admit', 'A', '2015-01-01'),
        e('transfer_out', 'A', '2018-06-01'),
        e('transfer_in', 'B', '2018-06-01'),
        e('leave', 'B', '2020-01-01'),
        e('reinstate', 'C', '2021-01-01'),
        e('death', 'C', '2024-05-05'),
      ],
      names,
    );
    expect(result).toEqual({
      ok: true,
      diedOn: '2024-05-05',
      stays: [
        {
          unitId: 'A',
          validFrom: '2015-01-01',
          validTo: '2018-06-01',
          startKind: 'admit',
          endKind: 'transfer_out',
        },
        {
          unitId: 'B',
          validFrom: '2018-06-01',
          validTo: '2020-01-01',
          startKind: 'transfer_in',
          endKind: 'leave',
        },
        {
          unitId: 'C',
          validFrom: '2021-01-01',
          validTo: '2024-05-05',
          startKind: 'reinstate',
          endKind: 'death',
        },
      ],
    });
    if (!result.ok) throw new Error('derivation failed');
    expect(statusOn(result.stays, '2019-01-01')).toBe('active');
    expect(statusOn(result.stays, '2020-06-01')).toBe('left');
    expect(statusOn(result.stays, '2025-01-01')).toBe('deceased');
    expect(statusOn(result.stays, '2010-01-01')).toBeNull();
  });

  it('replays back-dated events in their place and refuses what does not fit, naming the event', () => {
    const recorded = [
      e('admit', 'A', '2015-01-01'),
      e('transfer_out', 'A', '2020-01-01'),
      e('transfer_in', 'B', '2020-01-01'),
    ];
    const leaveBefore = deriveStays([...recorded, e('leave', 'A', '2019-01-01')], names);
    expect(leaveBefore).toMatchObject({
      ok: false,
      date: '2020-01-01',
      reason: 'Chuyển sinh hoạt đi ngày 01/01/2020: đoàn viên không sinh hoạt tại "CĐCS A" vào ngày này',
    });
    expect(deriveStays([...recorded, e('admit', 'B', '2021-01-01')], names)).toMatchObject({
      ok: false,
      reason: 'Kết nạp ngày 01/01/2021: đoàn viên đang sinh hoạt tại "CĐCS B"',
    });
    expect(deriveStays([...recorded, e('reinstate', 'C', '2021-01-01')], names)).toMatchObject({ ok: false });
    expect(deriveStays([e('admit', 'A', '2015-01-01'), e('leave', 'A', '2015-01-01')], names)).toMatchObject({
      ok: false,
      reason: 'Thôi sinh hoạt ngày 01/01/2015: phải sau ngày bắt đầu sinh hoạt tại "CĐCS A" (01/01/2015)',
    });
    const dead = [
      e('admit', 'A', '2015-01-01'),
      e('death', 'A', '2016-01-01'),
      e('admit', 'B', '2017-01-01'),
    ];
    expect(deriveStays(dead, names)).toMatchObject({ ok: false, reason: /đã từ trần ngày 01\/01\/2016/ });
  });

  it('keeps two memberships at once (a person in two organisations)', () => {
    const result = deriveStays([e('admit', 'A', '2015-01-01'), e('admit', 'B', '2016-01-01')], names);
    expect(result.ok && result.stays.filter((s) => s.validTo === '9999-12-31')).toHaveLength(2);
  });
});

describe('ages and masks', () => {
  it('counts full years and turns age ranges into birth dates', () => {
    expect(ageOn('1990-05-17', '2025-05-16')).toBe(34);
    expect(ageOn('1990-05-17', '2025-05-17')).toBe(35);
    expect(birthRangeForAges('2025-05-31', 30, 39)).toEqual({ after: '1985-05-31', until: '1995-05-31' });
  });
  it('masks identity and phone numbers', () => {
    expect(maskCccd('079190012345')).toBe('079******345');
    expect(maskPhone('0912345678')).toBe('091****678');
    expect(maskCccd(null)).toBeNull();
  });
});
