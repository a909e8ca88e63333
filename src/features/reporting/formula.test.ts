import { describe, expect, it } from 'vitest';

import {
  cycleMessage,
  evaluateFormula,
  formatFormula,
  formulaOrder,
  MAX_FORMULA_DEPTH,
  parseFormula,
  type Formula,
} from './formula';

const values: Record<string, number | null> = {
  members_end: 200,
  'members_end.female': 120,
  members_start: 180,
  joined: 30,
  left: 10,
  target: 40,
  zero: 0,
  missing: null,
  huge: 1e308,
};
const valueOf = (code: string): number | null => values[code] ?? null;

function parsed(text: string) {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result;
}
const calc = (text: string, read: (code: string) => number | null = valueOf) =>
  evaluateFormula(parsed(text).formula, read);
const problem = (text: string) => {
  const result = parseFormula(text);
  return result.ok ? null : { message: result.message, position: result.position };
};

describe('parseFormula and evaluateFormula', () => {
  it('computes rates, per member and % achieved', () => {
    expect(calc('percent(members_end.female, members_end)')).toBe(60);
    expect(calc('round(percent(joined, target), 1)')).toBe(75);
    expect(calc('(members_end - members_start) / members_start * 100')).toBeCloseTo(11.111, 3);
    expect(calc('round((members_end - members_start) / members_start * 100, 2)')).toBe(11.11);
    expect(calc('joined - left')).toBe(20);
  });

  it('follows precedence, left association and unary minus', () => {
    expect(calc('2 + 3 * 4')).toBe(14);
    expect(calc('(2 + 3) * 4')).toBe(20);
    expect(calc('10 - 4 - 3')).toBe(3);
    expect(calc('100 / 10 / 5')).toBe(2);
    expect(calc('-2 * 3')).toBe(-6);
    expect(calc('--2')).toBe(2);
    expect(calc('5 - -2')).toBe(7);
    expect(calc('-(2 + 3)')).toBe(-5);
    expect(calc('0.5 * 4')).toBe(2);
  });

  it('has min, max, round and percent', () => {
    expect(calc('min(joined, left, target)')).toBe(10);
    expect(calc('max(joined, left, target)')).toBe(40);
    expect(calc('min(3)')).toBe(3);
    expect(calc('round(2.5)')).toBe(3);
    expect(calc('round(-2.5)')).toBe(-3);
    expect(calc('round(1.005, 2)')).toBe(1.01);
    expect(calc('round(58.25, 1)')).toBe(58.3);
    expect(calc('round(1234.5678, 0)')).toBe(1235);
    expect(calc('round(huge, 6)')).toBe(1e308);
    expect(calc('round(-huge, 2)')).toBe(-1e308);
    expect(calc('percent(1, 3)')).toBeCloseTo(33.333, 3);
  });

  it('gives no figure for a missing value or a division by zero, never NaN or Infinity', () => {
    expect(calc('joined / zero')).toBeNull();
    expect(calc('percent(joined, zero)')).toBeNull();
    // A division by zero inside must not become Infinity that a later step turns back into a figure.
    expect(calc('min(joined / zero, 5)')).toBeNull();
    expect(calc('1 / (joined / zero)')).toBeNull();
    expect(calc('0 * percent(joined, zero)')).toBeNull();
    expect(calc('missing + 1')).toBeNull();
    expect(calc('max(joined, missing)')).toBeNull();
    expect(calc('-missing')).toBeNull();
    expect(calc('round(missing, 1)')).toBeNull();
    expect(calc('unknown_code')).toBeNull();
    expect(calc('huge * 10')).toBeNull();
    expect(calc('huge + huge - huge')).toBeNull();
    expect(calc('percent(huge, 0.001)')).toBeNull();
    expect(calc('max(huge * 10, 1)')).toBeNull();
    expect(calc('a', () => Number.NaN)).toBeNull();
    expect(calc('a', () => Number.POSITIVE_INFINITY)).toBeNull();
    expect(calc('zero / joined')).toBe(0);
  });

  it('gives no figure for a formula built with a number that is not finite', () => {
    // The parser never makes one; a formula built in code may, and must not show NaN or Infinity either.
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(evaluateFormula({ kind: 'number', value }, valueOf), String(value)).toBeNull();
    expect(evaluateFormula({ kind: 'number', value: 0 }, valueOf)).toBe(0);
  });

  it('lists each code referred to once, in the order written, lower-cased', () => {
    expect(parsed('percent(Members_End.Female, members_end) + members_end.female').references).toEqual([
      'members_end.female',
      'members_end',
    ]);
    expect(parsed('round(1 + 2, 0)').references).toEqual([]);
    expect(parsed('  joined\t+\nleft ').references).toEqual(['joined', 'left']);
  });

  it.each([
    ['percent(joined, members_end', "Thiếu dấu ')' ở vị trí 28.", 28],
    ['(1 + 2', "Thiếu dấu ')' ở vị trí 7.", 7],
    ['(1 + 2 3)', "Thiếu dấu ')' ở vị trí 8.", 8],
    ['1 + 2)', "Thừa dấu ')' ở vị trí 6.", 6],
    ['sqrt(members_end)', "Hàm 'sqrt' không có; dùng min, max, round, percent.", 1],
    ['1 + $a', "Ký tự '$' không dùng được ở vị trí 5.", 5],
    ['50%', "Ký tự '%' không dùng được ở vị trí 3.", 3],
    ['0,5', "Thiếu phép tính (+, -, *, /) trước ',' ở vị trí 2.", 2],
    ['joined left', "Thiếu phép tính (+, -, *, /) trước 'left' ở vị trí 8.", 8],
    ['', 'Công thức trống.', 1],
    ['   ', 'Công thức trống.', 4],
    ['joined +', "Công thức dừng giữa chừng: thiếu số hoặc mã chỉ tiêu sau '+' ở vị trí 9.", 9],
    ['joined * / left', "Cần một số, mã chỉ tiêu hoặc '(' ở vị trí 10 (đang có '/').", 10],
    ['min()', "Cần một số, mã chỉ tiêu hoặc '(' ở vị trí 5 (đang có ')').", 5],
    ['1.2.3', "Số '1.2.3' viết sai ở vị trí 1.", 1],
    ['2x', "Số '2x' viết sai ở vị trí 1.", 1],
    ['1.', "Số '1.' viết sai ở vị trí 1.", 1],
    ['members_end.', "Mã chỉ tiêu 'members_end.' viết sai ở vị trí 1.", 1],
    ['a.1b + 1', "Mã chỉ tiêu 'a.1b' viết sai ở vị trí 1.", 1],
    ['1 + min', "Hàm 'min' cần dấu '(' ngay sau tên, ở vị trí 5.", 5],
    ['percent(joined)', "Hàm 'percent' cần đúng 2 đối số (đang có 1), ở vị trí 1.", 1],
    ['percent(1, 2, 3)', "Hàm 'percent' cần đúng 2 đối số (đang có 3), ở vị trí 1.", 1],
    ['round(1, 2, 3)', "Hàm 'round' cần 1 hoặc 2 đối số (đang có 3), ở vị trí 1.", 1],
    ['round(joined, left)', 'Số chữ số thập phân của round phải là số nguyên từ 0 đến 6, ở vị trí 1.', 1],
    ['round(joined, 1.5)', 'Số chữ số thập phân của round phải là số nguyên từ 0 đến 6, ở vị trí 1.', 1],
    ['round(joined, 7)', 'Số chữ số thập phân của round phải là số nguyên từ 0 đến 6, ở vị trí 1.', 1],
    ['round(joined, -1)', 'Số chữ số thập phân của round phải là số nguyên từ 0 đến 6, ở vị trí 1.', 1],
    [`1 + ${'9'.repeat(400)}`, 'Số ở vị trí 5 quá lớn.', 5],
  ])('names the mistake in %j', (text, message, position) => {
    expect(problem(text)).toEqual({ message, position });
  });

  it('accepts round with 0 and 6 digits', () => {
    expect(calc('round(1.23456789, 6)')).toBe(1.234568);
    expect(calc('round(1.5, 0)')).toBe(2);
  });

  it('limits the length and the nesting', () => {
    expect(parseFormula('a'.repeat(500)).ok).toBe(true);
    expect(problem('a'.repeat(501))).toEqual({
      message: 'Công thức dài quá 500 ký tự (đang có 501).',
      position: 501,
    });
    const nested = (depth: number) => `${'('.repeat(depth)}1${')'.repeat(depth)}`;
    expect(calc(nested(MAX_FORMULA_DEPTH))).toBe(1);
    expect(problem(nested(MAX_FORMULA_DEPTH + 1))).toEqual({
      message: 'Công thức lồng quá 20 tầng ở vị trí 21; hãy viết gọn lại.',
      position: 21,
    });
    expect(parseFormula(`${'-'.repeat(MAX_FORMULA_DEPTH)}1`).ok).toBe(true);
    expect(problem(`${'-'.repeat(MAX_FORMULA_DEPTH + 1)}1`)?.position).toBe(21);
    expect(parseFormula(`${'min('.repeat(MAX_FORMULA_DEPTH)}1${')'.repeat(MAX_FORMULA_DEPTH)}`).ok).toBe(
      true,
    );
    expect(
      parseFormula(`${'min('.repeat(MAX_FORMULA_DEPTH + 1)}1${')'.repeat(MAX_FORMULA_DEPTH + 1)}`).ok,
    ).toBe(false);
    // Siblings do not add up: depth is how deep, not how many.
    expect(parseFormula(Array.from({ length: 30 }, () => '(1)').join(' + ')).ok).toBe(true);
  });
});

describe('formatFormula', () => {
  it('writes parentheses only where the reading needs them', () => {
    const round = (text: string) => formatFormula(parsed(text).formula);
    expect(round('(a+b)*c')).toBe('(a + b) * c');
    expect(round('a+(b*c)')).toBe('a + b * c');
    expect(round('a-(b-c)')).toBe('a - (b - c)');
    expect(round('(a-b)-c')).toBe('a - b - c');
    expect(round('-(a+b)')).toBe('-(a + b)');
    expect(round('-a*b')).toBe('-a * b');
    expect(round('percent( a ,b )')).toBe('percent(a, b)');
  });

  it('writes very small and very large numbers without exponent', () => {
    const number = (value: number): Formula => ({ kind: 'number', value });
    expect(formatFormula(number(1e-7))).toBe('0.0000001');
    expect(formatFormula(number(1.25e-8))).toBe('0.0000000125');
    expect(formatFormula(number(1e21))).toBe('1000000000000000000000');
    expect(formatFormula(number(1.5e22))).toBe('15000000000000000000000');
  });
});

/** A small seeded generator, so that every run checks the same many cases and a failure names its seed. */
function randomInts(seed: number) {
  let a = seed;
  return (low: number, high: number): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return low + Math.floor(unit * (high - low + 1));
  };
}

const CODES = ['a', 'b', 'members_end', 'members_end.female', 'zero', 'missing', 'huge', 'tiny'];
const OPS = ['+', '-', '*', '/'] as const;

function randomFormula(int: (l: number, h: number) => number, depth: number): Formula {
  const leaf = depth <= 0 || int(0, 2) === 0;
  if (leaf) {
    if (int(0, 1) === 0) return { kind: 'indicator', code: CODES[int(0, CODES.length - 1)]! };
    const value = int(0, 1) === 0 ? int(0, 1000) : int(0, 10_000_000) / 10 ** int(1, 9);
    return { kind: 'number', value };
  }
  switch (int(0, 6)) {
    case 0:
      return { kind: 'negate', operand: randomFormula(int, depth - 1) };
    case 1: {
      const fn = int(0, 1) === 0 ? ('min' as const) : ('max' as const);
      const args = Array.from({ length: int(1, 3) }, () => randomFormula(int, depth - 1));
      return { kind: 'call', fn, args };
    }
    case 2: {
      const digits = int(0, 2) === 0 ? [] : [{ kind: 'number' as const, value: int(0, 6) }];
      return { kind: 'call', fn: 'round', args: [randomFormula(int, depth - 1), ...digits] };
    }
    case 3:
      return {
        kind: 'call',
        fn: 'percent',
        args: [randomFormula(int, depth - 1), randomFormula(int, depth - 1)],
      };
    default:
      return {
        kind: 'binary',
        op: OPS[int(0, 3)]!,
        left: randomFormula(int, depth - 1),
        right: randomFormula(int, depth - 1),
      };
  }
}

function randomValues(int: (l: number, h: number) => number): (code: string) => number | null {
  const table = new Map<string, number | null>();
  const pick = (): number | null =>
    [null, 0, -1, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, int(-1000, 1000) / 7][
      int(0, 8)
    ]!;
  return (code) => {
    if (!table.has(code)) table.set(code, pick());
    return table.get(code)!;
  };
}

describe('properties', () => {
  it('a formula written out and read back has the same value and references', () => {
    const int = randomInts(2023);
    const read = (code: string): number | null =>
      ({ a: 3, b: -7.5, members_end: 200, 'members_end.female': 120, zero: 0, huge: 1e300, tiny: 1e-300 })[
        code
      ] ?? null;
    for (let run = 0; run < 2000; run += 1) {
      const formula = randomFormula(int, 5);
      const text = formatFormula(formula);
      const back = parseFormula(text);
      expect(back.ok, text).toBe(true);
      if (!back.ok) continue;
      expect(evaluateFormula(back.formula, read), text).toBe(evaluateFormula(formula, read));
      expect(formatFormula(back.formula)).toBe(text);
    }
  });

  it('a formula never yields NaN or Infinity, whatever the values', () => {
    const int = randomInts(58);
    for (let run = 0; run < 3000; run += 1) {
      const formula = randomFormula(int, 5);
      const value = evaluateFormula(formula, randomValues(int));
      expect(value === null || Number.isFinite(value), formatFormula(formula)).toBe(true);
    }
  });

  it('never throws on any text, and a mistake names a position inside it or just after', () => {
    const int = randomInts(99);
    const alphabet = 'ab_.19 +-*/(),$%minaxroundpercet';
    for (let run = 0; run < 3000; run += 1) {
      const text = Array.from({ length: int(0, 25) }, () => alphabet[int(0, alphabet.length - 1)]).join('');
      const result = parseFormula(text);
      if (!result.ok) {
        expect(result.position, text).toBeGreaterThanOrEqual(1);
        expect(result.position, text).toBeLessThanOrEqual(text.length + 1);
      }
    }
  });
});

describe('formulaOrder', () => {
  it('orders each formula after the formulas it refers to', () => {
    const formulas = new Map([
      ['rate_female', ['female', 'members_end']],
      ['members_end', ['members_start', 'joined', 'left']],
      ['female', ['members_end.female']],
    ]);
    const result = formulaOrder(formulas);
    expect(result).toEqual({ ok: true, order: ['female', 'members_end', 'rate_female'] });
  });

  it('keeps the order given among independent formulas', () => {
    expect(
      formulaOrder(
        new Map([
          ['x', ['a']],
          ['y', ['b']],
        ]),
      ),
    ).toEqual({ ok: true, order: ['x', 'y'] });
    expect(formulaOrder(new Map())).toEqual({ ok: true, order: [] });
  });

  it('finds a cycle and names it', () => {
    const result = formulaOrder(
      new Map([
        ['start', ['a']],
        ['a', ['b', 'x']],
        ['b', ['c']],
        ['c', ['a']],
      ]),
    );
    expect(result).toEqual({ ok: false, cycle: ['a', 'b', 'c'] });
    expect(cycleMessage(['a', 'b', 'c'])).toBe(
      'Công thức tham chiếu vòng: a → b → c → a; hãy bỏ một tham chiếu trong vòng này.',
    );
    expect(formulaOrder(new Map([['self', ['self']]]))).toEqual({ ok: false, cycle: ['self'] });
  });

  it('follows a chain of thousands without running out of stack', () => {
    const chain = new Map(
      Array.from({ length: 20_000 }, (_, i) => [`f${i}`, [`f${i + 1}`]] as [string, string[]]),
    );
    const result = formulaOrder(chain);
    expect(result.ok && result.order.length).toBe(20_000);
    expect(result.ok && result.order[0]).toBe('f19999');
  });

  it('property: every formula comes after each formula it refers to', () => {
    const int = randomInts(5);
    for (let run = 0; run < 300; run += 1) {
      const size = int(1, 12);
      // References only to later names: never a cycle.
      const formulas = new Map(
        Array.from({ length: size }, (_, i) => [
          `f${i}`,
          Array.from({ length: int(0, 3) }, () => `f${int(i + 1, size + 2)}`),
        ]),
      );
      const result = formulaOrder(formulas);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect([...result.order].sort()).toEqual([...formulas.keys()].sort());
      for (const [code, refs] of formulas)
        for (const ref of refs)
          if (formulas.has(ref)) expect(result.order.indexOf(ref)).toBeLessThan(result.order.indexOf(code));
    }
  });
});
