/** The organisation's pure rules (model.ts): labels, half-open date ranges, placement rules, an event in a unit's life. */
import { describe, expect, it } from 'vitest';
import { OPEN_END } from '../../lib/dates';
import {
  EVENT_KINDS,
  EVENT_LABELS,
  isOpen,
  lifeConflict,
  placementAllowed,
  POWER_LABELS,
  POWERS,
  rangeCovers,
  rangesOverlap,
  sectorProblem,
} from './model';

describe('what people read', () => {
  it('gives every power and event its own Vietnamese label', () => {
    const tables: [readonly string[], Record<string, string>][] = [
      [POWERS, POWER_LABELS],
      [EVENT_KINDS, EVENT_LABELS],
    ];
    for (const [keys, labels] of tables) {
      expect(Object.keys(labels).sort()).toEqual([...keys].sort());
      const shown = keys.map((k) => labels[k] ?? '');
      for (const label of shown) expect(label.trim().length, keys.join()).toBeGreaterThan(1);
      expect(new Set(shown).size).toBe(keys.length);
    }
  });

  it('uses the words of the union’s documents', () => {
    expect(POWER_LABELS).toEqual({
      found_units: 'thành lập đơn vị',
      admit_members: 'kết nạp đoàn viên',
      collect_fees: 'thu kinh phí, đoàn phí',
      approve_reports: 'duyệt báo cáo',
    });
    expect(EVENT_LABELS).toEqual({
      found: 'Thành lập',
      rename: 'Đổi tên',
      move: 'Chuyển về',
      merge: 'Sáp nhập',
      split: 'Chia tách',
      dissolve: 'Giải thể',
      restructure: 'Sắp xếp tổ chức',
    });
  });
});

describe('a sector on a date', () => {
  const sectors = [
    { id: 'education', validFrom: '1950-01-01', validTo: OPEN_END },
    { id: 'public_service', validFrom: '1950-01-01', validTo: '2025-06-01' },
  ];
  it('applies from its first day up to, not including, its end', () => {
    expect(sectorProblem(sectors, 'education', '2030-01-01')).toBeNull();
    expect(sectorProblem(sectors, 'public_service', '1950-01-01')).toBeNull();
    expect(sectorProblem(sectors, 'public_service', '2025-05-31')).toBeNull();
    expect(sectorProblem(sectors, 'public_service', '2025-06-01')).toBe('not_current');
    expect(sectorProblem(sectors, 'public_service', '1949-12-31')).toBe('not_current');
  });
  it('is unknown when the list does not hold it', () => {
    expect(sectorProblem(sectors, 'health', '2020-01-01')).toBe('unknown');
  });
});

describe('dated ranges [from, to)', () => {
  const range = { from: '2020-01-01', to: '2025-07-01' };

  it('cover their first day and not their end', () => {
    expect(rangeCovers(range, '2019-12-31')).toBe(false);
    expect(rangeCovers(range, '2020-01-01')).toBe(true);
    expect(rangeCovers(range, '2025-06-30')).toBe(true);
    expect(rangeCovers(range, '2025-07-01')).toBe(false);
    expect(rangeCovers({ from: '2020-01-01', to: OPEN_END }, '2999-01-01')).toBe(true);
  });

  it('overlap when they share a day; ranges that only touch do not', () => {
    expect(rangesOverlap(range, { from: '2025-07-01', to: OPEN_END })).toBe(false);
    expect(rangesOverlap({ from: '2025-07-01', to: OPEN_END }, range)).toBe(false);
    expect(rangesOverlap(range, { from: '2015-01-01', to: '2020-01-01' })).toBe(false);
    expect(rangesOverlap({ from: '2015-01-01', to: '2020-01-01' }, range)).toBe(false);
    expect(rangesOverlap(range, { from: '2025-06-30', to: OPEN_END })).toBe(true);
    expect(rangesOverlap(range, { from: '2015-01-01', to: '2020-01-02' })).toBe(true);
    expect(rangesOverlap(range, { from: '2021-01-01', to: '2022-01-01' })).toBe(true);
    expect(rangesOverlap({ from: '2015-01-01', to: OPEN_END }, range)).toBe(true);
    expect(rangesOverlap(range, range)).toBe(true);
  });

  it('know the open end', () => {
    expect(isOpen(OPEN_END)).toBe(true);
    expect(isOpen('2025-07-01')).toBe(false);
  });
});

describe('placement rules', () => {
  const rules = [
    { parentTypeId: 'district', childTypeId: 'grassroots', validFrom: '2000-01-01', validTo: '2025-07-01' },
    { parentTypeId: 'province', childTypeId: 'grassroots', validFrom: '2025-07-01', validTo: OPEN_END },
  ];

  it('allow a child type under a parent type only while a rule for that pair holds', () => {
    expect(placementAllowed(rules, 'district', 'grassroots', '2025-06-30')).toBe(true);
    expect(placementAllowed(rules, 'district', 'grassroots', '2025-07-01')).toBe(false);
    expect(placementAllowed(rules, 'district', 'grassroots', '1999-12-31')).toBe(false);
    expect(placementAllowed(rules, 'province', 'grassroots', '2025-07-01')).toBe(true);
    expect(placementAllowed(rules, 'province', 'grassroots', '2025-06-30')).toBe(false);
  });

  it('read the pair the right way round and exactly', () => {
    expect(placementAllowed(rules, 'grassroots', 'district', '2020-01-01')).toBe(false);
    expect(placementAllowed(rules, 'district', 'province', '2020-01-01')).toBe(false);
    expect(placementAllowed(rules, 'province', 'district', '2020-01-01')).toBe(false);
    expect(placementAllowed([], 'district', 'grassroots', '2020-01-01')).toBe(false);
  });
});

describe('an event in a unit’s life', () => {
  const life = { from: '2020-01-01', to: '2025-07-01' };

  it('fits from the founding day up to the day before the unit ended', () => {
    expect(lifeConflict(life, '2020-01-01', null, false)).toBeNull();
    expect(lifeConflict(life, '2025-06-30', '2024-01-01', true)).toBeNull();
    expect(lifeConflict({ from: '2020-01-01', to: OPEN_END }, '2030-01-01', null, true)).toBeNull();
  });

  it('does not fit before the founding or from the day the unit ended', () => {
    expect(lifeConflict(life, '2019-12-31', null, false)).toBe('trước ngày thành lập');
    expect(lifeConflict(life, '2025-07-01', null, false)).toBe('từ ngày đơn vị đã chấm dứt hoạt động');
    expect(lifeConflict(life, '2026-01-01', null, true)).toBe('từ ngày đơn vị đã chấm dứt hoạt động');
  });

  it('ends a unit only after its last event and after the day it was founded', () => {
    expect(lifeConflict(life, '2023-01-01', '2023-01-02', true)).toBe('đơn vị còn sự kiện sau ngày này');
    expect(lifeConflict(life, '2023-01-01', '2023-01-01', true)).toBeNull();
    expect(lifeConflict(life, '2023-01-01', '2023-01-02', false)).toBeNull();
    expect(lifeConflict(life, '2020-01-01', null, true)).toBe('trùng ngày thành lập');
    expect(lifeConflict(life, '2020-01-01', '2020-01-01', true)).toBe('trùng ngày thành lập');
    expect(lifeConflict(life, '2020-01-02', null, true)).toBeNull();
  });
});
