/** The member registry's pure rules (model.ts): labels, stays replayed from events, statuses, ages, masks. */
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../access/model';
import { POWERS } from '../organisation/model';
import {
  ADMIT_POWER,
  AGE_BANDS,
  ageOn,
  birthRangeForAges,
  deriveStays,
  EVENT_KINDS,
  EVENT_LABELS,
  GENDER_LABELS,
  GENDERS,
  LEAVE_REASON_LABELS,
  LEAVE_REASONS,
  maskCccd,
  maskPhone,
  MEMBER_PERMISSIONS,
  MEMBER_STATUS_LABELS,
  MEMBER_STATUSES,
  PROPOSAL_STATUS_LABELS,
  PROPOSAL_STATUSES,
  statusOn,
  yearsBefore,
  type EventForDerivation,
} from './model';

describe('what people read', () => {
  it('gives every gender, event, reason and status its own Vietnamese label', () => {
    const tables: [readonly string[], Record<string, string>][] = [
      [GENDERS, GENDER_LABELS],
      [EVENT_KINDS, EVENT_LABELS],
      [LEAVE_REASONS, LEAVE_REASON_LABELS],
      [MEMBER_STATUSES, MEMBER_STATUS_LABELS],
      [PROPOSAL_STATUSES, PROPOSAL_STATUS_LABELS],
    ];
    for (const [keys, labels] of tables) {
      expect(Object.keys(labels).sort()).toEqual([...keys].sort());
      const shown = keys.map((k) => labels[k] ?? '');
      for (const label of shown) expect(label.trim().length, keys.join()).toBeGreaterThan(1);
      expect(new Set(shown).size).toBe(keys.length);
    }
  });

  it('uses the words of the union’s forms', () => {
    expect(GENDER_LABELS).toEqual({ male: 'Nam', female: 'Nữ' });
    expect(EVENT_LABELS).toMatchObject({
      admit: 'Kết nạp',
      transfer_in: 'Chuyển sinh hoạt đến',
      transfer_out: 'Chuyển sinh hoạt đi',
      leave: 'Thôi sinh hoạt',
      reinstate: 'Khôi phục sinh hoạt',
      death: 'Từ trần',
    });
    expect(MEMBER_STATUS_LABELS.active).toBe('Đang sinh hoạt');
    expect(PROPOSAL_STATUS_LABELS.proposed).toBe('Chờ duyệt');
    expect(LEAVE_REASON_LABELS.retired).toBe('Nghỉ hưu');
  });

  it('names permissions and the admitting power that the other features define', () => {
    for (const p of MEMBER_PERMISSIONS) expect(PERMISSIONS).toContain(p);
    expect(POWERS).toContain(ADMIT_POWER);
    expect(ADMIT_POWER).toBe('admit_members');
  });
});

describe('age bands', () => {
  it('cover every age from 0 once, each band starting where the previous ended', () => {
    expect(AGE_BANDS[0]?.from).toBe(0);
    for (let i = 1; i < AGE_BANDS.length; i += 1)
      expect(AGE_BANDS[i]?.from).toBe((AGE_BANDS[i - 1]?.to ?? NaN) + 1);
    expect(AGE_BANDS.at(-1)?.to).toBeNull();
    expect(new Set(AGE_BANDS.map((b) => b.key)).size).toBe(AGE_BANDS.length);
  });

  it('are labelled with their bounds, in Vietnamese', () => {
    expect(AGE_BANDS.map((b) => [b.key, b.label])).toEqual([
      ['under_30', 'Dưới 30 tuổi'],
      ['30_39', 'Từ 30 đến 39 tuổi'],
      ['40_49', 'Từ 40 đến 49 tuổi'],
      ['50_59', 'Từ 50 đến 59 tuổi'],
      ['60_plus', 'Từ 60 tuổi trở lên'],
    ]);
  });
});

describe('stays replayed from events', () => {
  const names = (id: string) => ({ A: 'CĐCS A', B: 'CĐCS B', C: 'CĐCS C' })[id] ?? id;
  const e = (
    seq: number,
    kind: EventForDerivation['kind'],
    unitId: string,
    effectiveOn: string,
  ): EventForDerivation => ({ seq, kind, unitId, effectiveOn });

  it('orders events by date, then by the order they were recorded, whatever order they come in', () => {
    // Out of A and back into A on the same day: only "out, then in" fits.
    const events = [
      e(1, 'admit', 'A', '2015-01-01'),
      e(2, 'transfer_out', 'A', '2018-06-01'),
      e(3, 'transfer_in', 'A', '2018-06-01'),
      e(4, 'leave', 'A', '2020-01-01'),
    ];
    const expected = {
      ok: true,
      diedOn: null,
      stays: [
        {
          unitId: 'A',
          validFrom: '2015-01-01',
          validTo: '2018-06-01',
          startKind: 'admit',
          endKind: 'transfer_out',
        },
        {
          unitId: 'A',
          validFrom: '2018-06-01',
          validTo: '2020-01-01',
          startKind: 'transfer_in',
          endKind: 'leave',
        },
      ],
    };
    expect(deriveStays(events, names)).toEqual(expected);
    expect(deriveStays([...events].reverse(), names)).toEqual(expected);
    const [a, b, c, d] = events as [
      EventForDerivation,
      EventForDerivation,
      EventForDerivation,
      EventForDerivation,
    ];
    expect(deriveStays([c, d, a, b], names)).toEqual(expected);
    expect(deriveStays([d, b, c, a], names)).toEqual(expected);
    // Recorded the other way round, the same day's events do not fit.
    expect(
      deriveStays(
        [
          e(1, 'admit', 'A', '2015-01-01'),
          e(2, 'transfer_in', 'A', '2018-06-01'),
          e(3, 'transfer_out', 'A', '2018-06-01'),
        ],
        names,
      ),
    ).toMatchObject({
      ok: false,
      date: '2018-06-01',
      reason: 'Chuyển sinh hoạt đến ngày 01/06/2018: đoàn viên đang sinh hoạt tại "CĐCS A"',
    });
  });

  it('reinstates only someone who left and is not a member anywhere', () => {
    const afterTransfer = deriveStays(
      [
        e(1, 'admit', 'A', '2015-01-01'),
        e(2, 'transfer_out', 'A', '2016-01-01'),
        e(3, 'reinstate', 'B', '2017-01-01'),
      ],
      names,
    );
    expect(afterTransfer).toEqual({
      ok: false,
      seq: 3,
      date: '2017-01-01',
      reason: 'Khôi phục sinh hoạt ngày 01/01/2017: đoàn viên chưa thôi sinh hoạt lần nào',
    });
    const neverAdmitted = deriveStays([e(1, 'reinstate', 'A', '2017-01-01')], names);
    expect(neverAdmitted).toMatchObject({ ok: false, reason: /chưa thôi sinh hoạt lần nào$/ });
    const activeElsewhere = deriveStays(
      [
        e(1, 'admit', 'A', '2015-01-01'),
        e(2, 'leave', 'A', '2016-01-01'),
        e(3, 'admit', 'B', '2017-01-01'),
        e(4, 'reinstate', 'C', '2018-01-01'),
      ],
      names,
    );
    expect(activeElsewhere).toEqual({
      ok: false,
      seq: 4,
      date: '2018-01-01',
      reason: 'Khôi phục sinh hoạt ngày 01/01/2018: đoàn viên đang sinh hoạt tại "CĐCS B"',
    });
    const afterLeaving = deriveStays(
      [
        e(1, 'admit', 'A', '2015-01-01'),
        e(2, 'leave', 'A', '2016-01-01'),
        e(3, 'reinstate', 'A', '2016-01-01'),
      ],
      names,
    );
    expect(afterLeaving).toMatchObject({ ok: true, diedOn: null });
  });

  it('dies once: a death ends every stay, and nothing may follow it', () => {
    const twoUnits = deriveStays(
      [
        e(1, 'admit', 'A', '2015-01-01'),
        e(2, 'admit', 'B', '2016-01-01'),
        e(3, 'death', 'A', '2020-03-04'),
        e(4, 'death', 'B', '2020-03-04'),
      ],
      names,
    );
    expect(twoUnits).toMatchObject({ ok: true, diedOn: '2020-03-04' });
    const stillInB = deriveStays(
      [e(1, 'admit', 'A', '2015-01-01'), e(2, 'admit', 'B', '2016-01-01'), e(3, 'death', 'A', '2020-03-04')],
      names,
    );
    expect(stillInB).toMatchObject({ ok: true, diedOn: null });
    const afterDeath = deriveStays(
      [
        e(1, 'admit', 'A', '2015-01-01'),
        e(2, 'death', 'A', '2020-03-04'),
        e(3, 'transfer_in', 'B', '2021-01-01'),
      ],
      names,
    );
    expect(afterDeath).toEqual({
      ok: false,
      seq: 3,
      date: '2021-01-01',
      reason: 'Chuyển sinh hoạt đến ngày 01/01/2021: đoàn viên đã từ trần ngày 04/03/2020',
    });
  });

  it('ends a stay only where it is open, after the day it began', () => {
    expect(deriveStays([e(1, 'leave', 'A', '2015-01-01')], names)).toEqual({
      ok: false,
      seq: 1,
      date: '2015-01-01',
      reason: 'Thôi sinh hoạt ngày 01/01/2015: đoàn viên không sinh hoạt tại "CĐCS A" vào ngày này',
    });
    expect(
      deriveStays([e(1, 'admit', 'A', '2015-01-02'), e(2, 'death', 'A', '2015-01-01')], names),
    ).toMatchObject({
      ok: false,
      reason: 'Từ trần ngày 01/01/2015: đoàn viên không sinh hoạt tại "CĐCS A" vào ngày này',
    });
    expect(deriveStays([], names)).toEqual({ ok: true, stays: [], diedOn: null });
  });
});

describe('status on a date', () => {
  const stay = (validFrom: string, validTo: string, endKind: string | null) => ({
    validFrom,
    validTo,
    endKind,
  });

  it('is active from the first day of a stay up to, not including, its end', () => {
    const stays = [stay('2015-01-01', '2020-01-01', 'leave')];
    expect(statusOn(stays, '2014-12-31')).toBeNull();
    expect(statusOn(stays, '2015-01-01')).toBe('active');
    expect(statusOn(stays, '2019-12-31')).toBe('active');
    expect(statusOn(stays, '2020-01-01')).toBe('left');
    expect(statusOn([stay('2015-01-01', '9999-12-31', null)], '2030-01-01')).toBe('active');
    expect(statusOn([], '2030-01-01')).toBeNull();
  });

  it('after every stay has ended, is decided by the one that ended last', () => {
    const left = stay('2010-01-01', '2015-01-01', 'leave');
    const died = stay('2016-01-01', '2020-01-01', 'death');
    expect(statusOn([left, died], '2021-01-01')).toBe('deceased');
    expect(statusOn([died, left], '2021-01-01')).toBe('deceased');
    expect(statusOn([died, left], '2015-06-01')).toBe('left');
  });

  it('is deceased when one stay ended by death on the day another ended, in whatever order the stays come', () => {
    const left = stay('2015-01-01', '2020-01-01', 'leave');
    const died = stay('2016-01-01', '2020-01-01', 'death');
    expect(statusOn([left, died], '2021-01-01')).toBe('deceased');
    expect(statusOn([died, left], '2021-01-01')).toBe('deceased');
    expect(statusOn([died, left], '2020-01-01')).toBe('deceased');
    const movedOut = stay('2016-01-01', '2020-01-01', 'transfer_out');
    expect(statusOn([movedOut, left], '2021-01-01')).toBe('left');
  });
});

describe('ages', () => {
  it('counts full years, a birthday counting from its own day', () => {
    expect(ageOn('1990-05-17', '2025-05-16')).toBe(34);
    expect(ageOn('1990-05-17', '2025-05-17')).toBe(35);
    expect(ageOn('1990-05-17', '2025-12-31')).toBe(35);
    expect(ageOn('2000-02-29', '2025-02-28')).toBe(24);
    expect(ageOn('2000-02-29', '2025-03-01')).toBe(25);
  });

  it('goes back whole years, 29 February falling on 28 February, years padded to four digits', () => {
    expect(yearsBefore('2025-05-31', 30)).toBe('1995-05-31');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsBefore('2024-02-28', 4)).toBe('2020-02-28');
    expect(yearsBefore('2025-05-31', 2000)).toBe('0025-05-31');
  });

  it('turns an age range into a range of birth dates, open where the range is', () => {
    expect(birthRangeForAges('2025-05-31', 30, 39)).toEqual({ after: '1985-05-31', until: '1995-05-31' });
    expect(birthRangeForAges('2025-05-31', undefined, 29)).toEqual({ after: '1995-05-31' });
    expect(birthRangeForAges('2025-05-31', 60, undefined)).toEqual({ until: '1965-05-31' });
    expect(birthRangeForAges('2025-05-31', undefined, undefined)).toEqual({});
  });
});

describe('masks of personal data', () => {
  it('keeps the province and the last three digits of a CCCD', () => {
    expect(maskCccd('079190012345')).toBe('079******345');
    expect(maskCccd('1234567')).toBe('123*567');
    expect(maskCccd('123456')).toBe('******');
    expect(maskCccd('12345')).toBe('*****');
    expect(maskCccd('')).toBe('');
    expect(maskCccd(null)).toBeNull();
  });

  it('keeps the first and last three digits of a phone number', () => {
    expect(maskPhone('0912345678')).toBe('091****678');
    expect(maskPhone('1234567')).toBe('123*567');
    expect(maskPhone('123456')).toBe('******');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBeNull();
  });
});
