/**
 * The rules of periodic reports (model.ts), without the database: reading typed values, the checks before a report
 * is submitted, the aggregates of the roll-up, the moves of a report's status and the counting of completeness.
 */
import { describe, expect, it } from 'vitest';
import {
  AGGREGATIONS,
  aggregateOf,
  basesOf,
  BASES,
  checkReport,
  combineAggregates,
  completenessOf,
  EMPTY_AGGREGATE,
  figureOf,
  isEditable,
  isExpected,
  MEASURES,
  rateOf,
  readValue,
  REGISTRY_KEYS,
  SOURCES,
  STATUS_LABELS,
  STATUSES,
  timelinessOf,
  TRANSITIONS,
  VALUE_TYPES,
  type Aggregate,
  type Indicator,
  type ReportStatus,
  type ValueType,
} from './model';

describe('the stored codes', () => {
  // Written in the database, the exchange files and the form definitions: renaming one loses what was stored.
  it('keeps the codes of value types, aggregations, sources, statuses, bases and registry figures', () => {
    expect(VALUE_TYPES).toEqual(['count', 'money', 'percent', 'boolean', 'text']);
    expect(AGGREGATIONS).toEqual(['sum', 'average', 'min', 'max', 'count_true', 'none']);
    expect(SOURCES).toEqual(['typed', 'registry', 'formula']);
    expect(STATUSES).toEqual(['draft', 'submitted', 'approved', 'returned']);
    expect(BASES).toEqual(['submitted', 'approved']);
    expect(REGISTRY_KEYS).toEqual([
      'members_end',
      'members_female_end',
      'admitted',
      'left',
      'transferred_in',
      'transferred_out',
      'cdcs_end',
      'cdcs_founded',
      'cdcs_dissolved',
    ]);
    expect(MEASURES).toEqual(['người', 'đơn vị', 'đồng', 'suất', 'căn', 'lượt', 'cuộc', 'lớp', '%', '']);
  });

  it('gives every status its own Vietnamese label', () => {
    expect(STATUS_LABELS).toEqual({
      draft: 'Đang nhập',
      submitted: 'Đã nộp',
      approved: 'Đã duyệt',
      returned: 'Bị trả lại',
    });
  });
});

describe('readValue', () => {
  const as = (valueType: ValueType) => ({ nameVi: 'Số đoàn viên', valueType });
  const value = (valueType: ValueType, raw: Parameters<typeof readValue>[1]) => {
    const result = readValue(as(valueType), raw);
    return result.ok ? result.value : result.message;
  };

  it('reads nothing typed as no value, whatever the type', () => {
    for (const type of VALUE_TYPES)
      for (const raw of [null, undefined, '', '   \t'])
        expect(readValue(as(type), raw), `${type} ${String(raw)}`).toEqual({ ok: true, value: null });
  });

  it('reads counts and money with Vietnamese thousands dots, spaces and a trailing đ', () => {
    expect(value('count', '1489')).toEqual({ num: 1489, txt: null });
    expect(value('count', '1.489')).toEqual({ num: 1489, txt: null });
    expect(value('count', ' 0 ')).toEqual({ num: 0, txt: null });
    expect(value('count', 0)).toEqual({ num: 0, txt: null });
    expect(value('count', 37)).toEqual({ num: 37, txt: null });
    expect(value('money', '52.500.000')).toEqual({ num: 52_500_000, txt: null });
    expect(value('money', '52.500.000 đ')).toEqual({ num: 52_500_000, txt: null });
    expect(value('money', '52 500 000Đ')).toEqual({ num: 52_500_000, txt: null });
    expect(value('money', '52.500.000 đ ')).toEqual({ num: 52_500_000, txt: null });
    expect(value('money', '1.000.000.000.000.000')).toEqual({ num: 1e15, txt: null });
    expect(value('money', 1e15)).toEqual({ num: 1e15, txt: null });
  });

  it('refuses what is no whole non-negative number, naming the indicator', () => {
    const count = '"Số đoàn viên" phải là số nguyên không âm.';
    for (const raw of [
      '1.48',
      '1.4890',
      '1234.567',
      '.500',
      '1.',
      '12.345.6',
      '-1',
      '1,5',
      'mười',
      '1đ2',
      'đ',
    ])
      expect(value('count', raw), raw).toBe(count);
    for (const raw of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e15 + 2])
      expect(value('count', raw), String(raw)).toBe(count);
    expect(value('count', '1.000.000.000.000.001')).toBe(count);
    // A number (from a spreadsheet cell, say) has a decimal point, not a thousands dot.
    expect(value('count', 1.489)).toBe(count);
    expect(value('money', '52,5')).toBe(
      '"Số đoàn viên" phải là số tiền (đồng), số nguyên không âm, ví dụ 52.500.000.',
    );
  });

  it('reads percentages from 0 to 100 with a decimal comma or point, rounded to hundredths', () => {
    expect(value('percent', '58,3')).toEqual({ num: 58.3, txt: null });
    expect(value('percent', '58.3%')).toEqual({ num: 58.3, txt: null });
    expect(value('percent', ' 0 ')).toEqual({ num: 0, txt: null });
    expect(value('percent', '100')).toEqual({ num: 100, txt: null });
    expect(value('percent', 66.666)).toEqual({ num: 66.67, txt: null });
    expect(value('percent', '33,333')).toEqual({ num: 33.33, txt: null });
    const message = '"Số đoàn viên" phải là tỷ lệ từ 0 đến 100 (%).';
    for (const raw of ['100,01', '-0,5', 'nhiều', 'Infinity', 101, -1, Number.NaN])
      expect(value('percent', raw), String(raw)).toBe(message);
  });

  it('reads yes and no in Vietnamese, with or without accents, and as booleans', () => {
    for (const raw of ['có', ' Có ', 'CÓ', 'co', 'x', 'X', '1', 'true', 'yes', 'co\u0301', true])
      expect(value('boolean', raw), String(raw)).toEqual({ num: 1, txt: null });
    for (const raw of ['không', 'Không', 'khong', '0', 'false', 'no', 'kho\u0302ng', false])
      expect(value('boolean', raw), String(raw)).toEqual({ num: 0, txt: null });
    expect(value('boolean', 'chưa')).toBe('"Số đoàn viên" chỉ nhận "Có" hoặc "Không".');
    expect(value('boolean', 2)).toBe('"Số đoàn viên" chỉ nhận "Có" hoặc "Không".');
  });

  it('keeps text trimmed and composed (NFC), up to 4000 characters', () => {
    expect(value('text', '  Tổ chức hội thao \n')).toEqual({ num: null, txt: 'Tổ chức hội thao' });
    expect(value('text', 'Ho\u0323\u0302i nghi\u0323')).toEqual({ num: null, txt: 'Hội nghị' });
    expect(value('text', 12)).toEqual({ num: null, txt: '12' });
    expect(value('text', `${'a'.repeat(4000)}  `)).toEqual({ num: null, txt: 'a'.repeat(4000) });
    expect(value('text', 'a'.repeat(4001))).toBe('"Số đoàn viên" dài quá 4000 ký tự.');
  });
});

const indicator = (code: string, more: Partial<Indicator> = {}): Indicator => ({
  code,
  nameVi: `Chỉ tiêu ${code}`,
  nameEn: code,
  measure: 'người',
  valueType: 'count',
  aggregation: 'sum',
  source: 'typed',
  registryKey: null,
  registryArg: null,
  formula: null,
  parentCode: null,
  partRule: null,
  phraseVi: null,
  worthOf: null,
  ...more,
});
const valuesOf = (entries: Record<string, number | null>) => new Map(Object.entries(entries));

describe('checkReport: the parts of a whole', () => {
  const whole = indicator('dv', { nameVi: 'Đoàn viên' });
  const female = indicator('dv_nu', { nameVi: 'Đoàn viên nữ', parentCode: 'dv', partRule: 'le' });
  const young = indicator('dv_tre', { nameVi: 'Đoàn viên trẻ', parentCode: 'dv', partRule: 'le' });

  it('refuses a part greater than its whole, and takes one equal to it', () => {
    const indicators = [whole, female, young];
    expect(checkReport(indicators, valuesOf({ dv: 1489, dv_nu: 1490, dv_tre: 1489 }), [])).toEqual([
      {
        indicator: 'dv_nu',
        severity: 'error',
        message: '"Đoàn viên nữ" (1.490) lớn hơn "Đoàn viên" (1.489).',
      },
    ]);
    expect(checkReport(indicators, valuesOf({ dv: 1489, dv_nu: 1489, dv_tre: 3 }), [])).toEqual([]);
  });

  it('checks nothing against a whole left empty, nor a part left empty', () => {
    expect(checkReport([whole, female], valuesOf({ dv: null, dv_nu: 5 }), [])).toEqual([]);
    expect(checkReport([whole, female], valuesOf({ dv_nu: 5 }), [])).toEqual([]);
    expect(checkReport([whole, female], valuesOf({ dv: 0, dv_nu: null }), [])).toEqual([]);
    expect(checkReport([whole, female], valuesOf({ dv: 0 }), [])).toEqual([]);
    // A whole below zero (a computed change, say): an empty part is still no figure.
    expect(checkReport([whole, female], valuesOf({ dv: -5, dv_nu: null }), [])).toEqual([]);
  });

  it('reads a part whose whole is not on the form as a figure of its own', () => {
    expect(checkReport([female], valuesOf({ dv: 1, dv_nu: 5 }), [])).toEqual([]);
  });

  it('adds up the parts that make the whole, once each is given', () => {
    const male = indicator('nam', { nameVi: 'Nam', parentCode: 'dv', partRule: 'sum' });
    const woman = indicator('nu', { nameVi: 'Nữ', parentCode: 'dv', partRule: 'sum' });
    const indicators = [whole, male, woman, young];
    expect(checkReport(indicators, valuesOf({ dv: 1489, nam: 700, nu: 789, dv_tre: 12 }), [])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 1489, nam: 700, nu: 780, dv_tre: 1000 }), [])).toEqual([
      {
        indicator: 'dv',
        severity: 'error',
        message: 'Cộng các phần của "Đoàn viên" được 1.480, khác tổng 1.489.',
      },
    ]);
    // A part not given yet: the sum is not checked (each part is still at most the whole).
    expect(checkReport(indicators, valuesOf({ dv: 1489, nam: 700, nu: null }), [])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 1489, nu: 700 }), [])).toEqual([]);
    // Nor without the whole.
    expect(checkReport(indicators, valuesOf({ nam: 700, nu: 789 }), [])).toEqual([]);
    expect(checkReport([whole, male, woman], valuesOf({ dv: 10, nam: 11, nu: 0 }), [])).toEqual([
      expect.objectContaining({ indicator: 'nam', message: '"Nam" (11) lớn hơn "Đoàn viên" (10).' }),
      expect.objectContaining({
        indicator: 'dv',
        message: 'Cộng các phần của "Đoàn viên" được 11, khác tổng 10.',
      }),
    ]);
  });

  it('adds no sum check to a whole with only "at most" parts', () => {
    expect(checkReport([whole, female, young], valuesOf({ dv: 100, dv_nu: 1, dv_tre: 2 }), [])).toEqual([]);
  });
});

describe('checkReport: the form’s rules', () => {
  const members = indicator('dv', { nameVi: 'Đoàn viên' });
  const workers = indicator('ld', { nameVi: 'Người lao động' });
  const computed = indicator('ty_le', { nameVi: 'Tỷ lệ', source: 'formula' });
  const indicators = [members, workers, computed];
  const le = { kind: 'le' as const, left: 'dv', right: 'ld' };

  it('refuses a value over the one it may not pass, by default as an error', () => {
    expect(checkReport(indicators, valuesOf({ dv: 1500, ld: 1489 }), [le])).toEqual([
      {
        indicator: 'dv',
        severity: 'error',
        message: '"Đoàn viên" (1.500) không được lớn hơn "Người lao động" (1.489).',
      },
    ]);
    expect(checkReport(indicators, valuesOf({ dv: 1489, ld: 1489 }), [le])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 1, ld: 1489 }), [le])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 1500, ld: null }), [le])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: null, ld: 0 }), [le])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ ld: 0 }), [le])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 3 }), [le])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: null, ld: -3 }), [le])).toEqual([]);
  });

  it('takes the severity a rule gives, and names a code that is not on the form by its code', () => {
    expect(
      checkReport(indicators, valuesOf({ dv: 2, khac: 1 }), [
        { kind: 'le', left: 'dv', right: 'khac', severity: 'warning' },
      ]),
    ).toEqual([
      {
        indicator: 'dv',
        severity: 'warning',
        message: '"Đoàn viên" (2) không được lớn hơn "khac" (1).',
      },
    ]);
  });

  it('warns of a typed value over three times, or under a third of, last period’s', () => {
    const change = { kind: 'change' as const, factor: 3 };
    const last = valuesOf({ dv: 100, ld: 300, ty_le: 1 });
    expect(checkReport(indicators, valuesOf({ dv: 301, ld: 99, ty_le: 50 }), [change], last)).toEqual([
      {
        indicator: 'dv',
        severity: 'warning',
        message: '"Đoàn viên" là 301, gấp hơn 3 lần kỳ trước (100): hãy kiểm tra lại.',
      },
      {
        indicator: 'ld',
        severity: 'warning',
        message: '"Người lao động" là 99, chưa bằng 1/3 kỳ trước (300): hãy kiểm tra lại.',
      },
    ]);
    // Exactly three times, or exactly a third: no warning.
    expect(checkReport(indicators, valuesOf({ dv: 300, ld: 100 }), [change], last)).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 120, ld: 250 }), [change], last)).toEqual([]);
  });

  it('compares only what both periods have, never against a zero', () => {
    const change = { kind: 'change' as const, factor: 3 };
    expect(checkReport(indicators, valuesOf({ dv: 5000, ld: 5000 }), [change], valuesOf({ dv: 0 }))).toEqual(
      [],
    );
    expect(
      checkReport(indicators, valuesOf({ dv: null, ld: 0 }), [change], valuesOf({ dv: 100, ld: null })),
    ).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 5000 }), [change])).toEqual([]);
    expect(checkReport(indicators, valuesOf({ dv: 5 }), [change], valuesOf({ dv: null }))).toEqual([]);
    expect(checkReport(indicators, valuesOf({ ld: 0 }), [change], valuesOf({ ld: 7 }))).toEqual([
      expect.objectContaining({ indicator: 'ld', severity: 'warning' }),
    ]);
  });

  it('checks the indicators a change rule names, with its severity', () => {
    const change = { kind: 'change' as const, factor: 2, indicators: ['ty_le'], severity: 'error' as const };
    expect(
      checkReport(indicators, valuesOf({ dv: 1000, ty_le: 50 }), [change], valuesOf({ dv: 1, ty_le: 20 })),
    ).toEqual([
      {
        indicator: 'ty_le',
        severity: 'error',
        message: '"Tỷ lệ" là 50, gấp hơn 2 lần kỳ trước (20): hãy kiểm tra lại.',
      },
    ]);
  });

  it('runs every rule and keeps the parts’ problems first', () => {
    const part = indicator('dv_nu', { nameVi: 'Nữ', parentCode: 'dv' });
    const problems = checkReport([...indicators, part], valuesOf({ dv: 10, ld: 5, dv_nu: 11 }), [
      le,
      { kind: 'le', left: 'dv_nu', right: 'ld' },
    ]);
    expect(problems.map((p) => p.indicator)).toEqual(['dv_nu', 'dv', 'dv_nu']);
  });
});

describe('aggregates of the roll-up', () => {
  const agg = (total: number, reported: number, min: number | null, max: number | null): Aggregate => ({
    total,
    reported,
    min,
    max,
  });

  it('keeps the sum, the number of values, the least and the greatest', () => {
    expect(aggregateOf([5, -2, 9, 0])).toEqual(agg(12, 4, -2, 9));
    expect(aggregateOf([7])).toEqual(agg(7, 1, 7, 7));
    expect(aggregateOf([])).toEqual(agg(0, 0, null, null));
    expect(EMPTY_AGGREGATE).toEqual(agg(0, 0, null, null));
  });

  it('combines two aggregates, an empty one changing nothing', () => {
    expect(combineAggregates(agg(12, 4, -2, 9), agg(30, 2, 10, 20))).toEqual(agg(42, 6, -2, 20));
    expect(combineAggregates(agg(30, 2, 10, 20), agg(12, 4, -2, 9))).toEqual(agg(42, 6, -2, 20));
    expect(combineAggregates(agg(5, 1, 5, 5), EMPTY_AGGREGATE)).toEqual(agg(5, 1, 5, 5));
    expect(combineAggregates(EMPTY_AGGREGATE, agg(5, 1, 5, 5))).toEqual(agg(5, 1, 5, 5));
    expect(combineAggregates(EMPTY_AGGREGATE, EMPTY_AGGREGATE)).toEqual(EMPTY_AGGREGATE);
  });

  it('property: combining the aggregates of two lists is the aggregate of both', () => {
    const lists = [[], [3], [1, 2, 3], [-5, 40], [0, 0, 7, -1], [-5, -2]];
    for (const a of lists)
      for (const b of lists)
        expect(combineAggregates(aggregateOf(a), aggregateOf(b)), `${a.join()} | ${b.join()}`).toEqual(
          aggregateOf([...a, ...b]),
        );
  });

  it('shows the figure of each aggregation', () => {
    const a = agg(10, 3, 1, 6);
    expect(AGGREGATIONS.map((aggregation) => figureOf(aggregation, a))).toEqual([10, 3.33, 1, 6, 10, null]);
    expect(figureOf('average', agg(2, 3, 0, 1))).toBe(0.67);
  });

  it('shows nothing when no unit gave a value', () => {
    for (const aggregation of AGGREGATIONS)
      expect(figureOf(aggregation, EMPTY_AGGREGATE), aggregation).toBeNull();
    expect(figureOf('sum', agg(0, 1, 0, 0))).toBe(0);
  });

  it('rates a figure against a positive target only', () => {
    expect(rateOf(7, 12)).toBeCloseTo(0.5833, 4);
    expect(rateOf(0, 5)).toBe(0);
    expect(rateOf(15, 10)).toBe(1.5);
    expect(rateOf(null, 10)).toBeNull();
    expect(rateOf(7, null)).toBeNull();
    expect(rateOf(7, 0)).toBeNull();
    expect(rateOf(7, -3)).toBeNull();
  });
});

describe('the status of a report', () => {
  it('counts a report on the submitted basis once submitted, on the approved basis once approved', () => {
    expect(STATUSES.map((s) => [s, basesOf(s)])).toEqual([
      ['draft', []],
      ['submitted', ['submitted']],
      ['approved', ['submitted', 'approved']],
      ['returned', []],
    ]);
  });

  it('moves a report only along its transitions', () => {
    expect(TRANSITIONS).toEqual({
      submit: { from: ['draft', 'returned'], to: 'submitted' },
      approve: { from: ['submitted'], to: 'approved' },
      return: { from: ['submitted'], to: 'returned' },
      reopen: { from: ['approved'], to: 'returned' },
    });
  });

  it('lets values change while a report is a draft or returned', () => {
    expect(STATUSES.filter(isEditable)).toEqual(['draft', 'returned']);
    // Only from an editable status is a report submitted.
    expect([...TRANSITIONS.submit.from]).toEqual(STATUSES.filter(isEditable));
  });
});

describe('completeness', () => {
  const deadline = '2023-06-05';
  const filed = (status: ReportStatus, submittedOn: string | null, receivedOn: string | null = null) => ({
    status,
    submittedOn,
    receivedOn,
  });

  it('counts a report submitted on or before the deadline date as on time, after it as late', () => {
    expect(timelinessOf(filed('submitted', '2023-06-05'), deadline)).toBe('on_time');
    expect(timelinessOf(filed('submitted', '2023-05-20'), deadline)).toBe('on_time');
    expect(timelinessOf(filed('submitted', '2023-06-06'), deadline)).toBe('late');
    expect(timelinessOf(filed('approved', '2023-06-05'), deadline)).toBe('on_time');
    expect(timelinessOf(filed('approved', '2023-07-01'), deadline)).toBe('late');
  });

  it('counts a report on paper from the day the upper union received it', () => {
    expect(timelinessOf(filed('submitted', '2023-06-01', '2023-06-09'), deadline)).toBe('late');
    expect(timelinessOf(filed('approved', '2023-06-20', '2023-06-04'), deadline)).toBe('on_time');
    expect(timelinessOf(filed('submitted', null, '2023-06-05'), deadline)).toBe('on_time');
  });

  it('counts no report, a draft or a returned report as missing', () => {
    expect(timelinessOf(undefined, deadline)).toBe('missing');
    expect(timelinessOf(filed('draft', '2023-06-01'), deadline)).toBe('missing');
    expect(timelinessOf(filed('returned', '2023-06-01', '2023-06-01'), deadline)).toBe('missing');
    expect(timelinessOf(filed('submitted', null, null), deadline)).toBe('missing');
  });

  it('adds up the units expected, on time, late, missing and approved', () => {
    expect(
      completenessOf([
        { timeliness: 'on_time', approved: true },
        { timeliness: 'on_time', approved: false },
        { timeliness: 'late', approved: true },
        { timeliness: 'missing', approved: false },
        // An approved report later returned counts as missing, not approved.
        { timeliness: 'missing', approved: true },
      ]),
    ).toEqual({
      expected: 5,
      submitted: 3,
      onTime: 2,
      late: 1,
      missing: 2,
      approved: 2,
      rate: 0.6,
      onTimeRate: 0.4,
    });
  });

  it('has no rate when no unit is expected', () => {
    expect(completenessOf([])).toEqual({
      expected: 0,
      submitted: 0,
      onTime: 0,
      late: 0,
      missing: 0,
      approved: 0,
      rate: null,
      onTimeRate: null,
    });
    expect(completenessOf([{ timeliness: 'late', approved: false }])).toMatchObject({
      rate: 1,
      onTimeRate: 0,
    });
  });

  it('expects a report from a unit of a filling type alive on the period’s last day', () => {
    const unit = (foundedOn: string, endedOn: string, typeId = 'cdcs') => ({ typeId, foundedOn, endedOn });
    const end = '2023-06-30';
    const fillers = ['cdcs', 'ldld_huyen'];
    expect(isExpected(unit('2010-01-01', '9999-12-31'), fillers, end)).toBe(true);
    expect(isExpected(unit('2023-06-30', '9999-12-31'), fillers, end)).toBe(true);
    expect(isExpected(unit('2010-01-01', '2023-07-01'), fillers, end)).toBe(true);
    // Founded after the period, or ended on or before its last day (its successor reports).
    expect(isExpected(unit('2023-07-01', '9999-12-31'), fillers, end)).toBe(false);
    expect(isExpected(unit('2010-01-01', '2023-06-30'), fillers, end)).toBe(false);
    expect(isExpected(unit('2010-01-01', '2023-03-01'), fillers, end)).toBe(false);
    expect(isExpected(unit('2010-01-01', '9999-12-31', 'to_cong_doan'), fillers, end)).toBe(false);
    expect(isExpected(unit('2010-01-01', '9999-12-31'), [], end)).toBe(false);
  });
});
