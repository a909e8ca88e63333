/**
 * Formula indicators: a small arithmetic language over indicator codes (rates, per member, % achieved), read by
 * its own parser — a formula an administrator types is data, never code run by the engine.
 *
 *   formula  := sum
 *   sum      := product (('+' | '-') product)*
 *   product  := unary (('*' | '/') unary)*
 *   unary    := '-' unary | primary
 *   primary  := number | code | function '(' formula (',' formula)* ')' | '(' formula ')'
 *
 * Positions in messages count characters from 1, as a reader does.
 */

export type FunctionName = 'min' | 'max' | 'round' | 'percent';
export type Operator = '+' | '-' | '*' | '/';

export type Formula =
  | { kind: 'number'; value: number }
  | { kind: 'indicator'; code: string }
  | { kind: 'negate'; operand: Formula }
  | { kind: 'binary'; op: Operator; left: Formula; right: Formula }
  | { kind: 'call'; fn: FunctionName; args: Formula[] };

export type ParsedFormula =
  { ok: true; formula: Formula; references: string[] } | { ok: false; message: string; position: number };

export const MAX_FORMULA_LENGTH = 500;
/** Parentheses, calls and unary minus nested deeper than this are refused (no one writes them; a stack would). */
export const MAX_FORMULA_DEPTH = 20;
/** round(x, digits): digits is a whole number in this range. */
export const MAX_ROUND_DIGITS = 6;

const FUNCTIONS: readonly FunctionName[] = ['min', 'max', 'round', 'percent'];
const FUNCTION_LIST = 'min, max, round, percent';

type Token =
  | { type: 'number'; value: number; pos: number; text: string }
  | { type: 'name'; name: string; pos: number; text: string }
  | { type: 'symbol'; symbol: string; pos: number; text: string }
  | { type: 'end'; pos: number; text: string };

class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const NUMBER_RE = /\d+(?:\.\d+)?/y;
const NAME_RE = /[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/y;
/** What follows a number or a name that would glue to it ("1.2.3", "2x", "a.", "a.1"). */
const GLUED_RE = /[A-Za-z0-9_.]/;

function readToken(text: string, at: number, re: RegExp): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : null;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const pos = i + 1;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (/\d/.test(ch)) {
      const digits = readToken(text, i, NUMBER_RE)!;
      const glued = GLUED_RE.test(text[i + digits.length] ?? '');
      if (glued) throw new FormulaError(`Số '${wordAt(text, i)}' viết sai ở vị trí ${pos}.`, pos);
      const value = Number(digits);
      if (!Number.isFinite(value)) throw new FormulaError(`Số ở vị trí ${pos} quá lớn.`, pos);
      tokens.push({ type: 'number', value, pos, text: digits });
      i += digits.length;
    } else if (/[A-Za-z]/.test(ch)) {
      const word = readToken(text, i, NAME_RE)!;
      if (GLUED_RE.test(text[i + word.length] ?? ''))
        throw new FormulaError(`Mã chỉ tiêu '${wordAt(text, i)}' viết sai ở vị trí ${pos}.`, pos);
      // Codes are lower case; "Members_End" can only mean members_end.
      tokens.push({ type: 'name', name: word.toLowerCase(), pos, text: word });
      i += word.length;
    } else if ('+-*/(),'.includes(ch)) {
      tokens.push({ type: 'symbol', symbol: ch, pos, text: ch });
      i += 1;
    } else {
      throw new FormulaError(`Ký tự '${ch}' không dùng được ở vị trí ${pos}.`, pos);
    }
  }
  tokens.push({ type: 'end', pos: text.length + 1, text: '' });
  return tokens;
}

/** The run of letters, digits, '_' and '.' at `i`, to show the whole of a badly written word. */
function wordAt(text: string, i: number): string {
  let j = i;
  while (j < text.length && GLUED_RE.test(text[j]!)) j += 1;
  return text.slice(i, j);
}

class Parser {
  private at = 0;
  private depth = 0;
  readonly references: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.at]!;
  }

  private isSymbol(symbol: string): boolean {
    const t = this.token;
    return t.type === 'symbol' && t.symbol === symbol;
  }

  parseAll(): Formula {
    const formula = this.sum();
    const t = this.token;
    if (t.type !== 'end') {
      if (t.type === 'symbol' && t.symbol === ')')
        throw new FormulaError(`Thừa dấu ')' ở vị trí ${t.pos}.`, t.pos);
      throw new FormulaError(`Thiếu phép tính (+, -, *, /) trước '${t.text}' ở vị trí ${t.pos}.`, t.pos);
    }
    return formula;
  }

  private sum(): Formula {
    let left = this.product();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const op = (this.token as { symbol: Operator }).symbol;
      this.at += 1;
      left = { kind: 'binary', op, left, right: this.product() };
    }
    return left;
  }

  private product(): Formula {
    let left = this.unary();
    while (this.isSymbol('*') || this.isSymbol('/')) {
      const op = (this.token as { symbol: Operator }).symbol;
      this.at += 1;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private nested<T>(pos: number, read: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_FORMULA_DEPTH)
      throw new FormulaError(
        `Công thức lồng quá ${MAX_FORMULA_DEPTH} tầng ở vị trí ${pos}; hãy viết gọn lại.`,
        pos,
      );
    const result = read();
    this.depth -= 1;
    return result;
  }

  private unary(): Formula {
    const t = this.token;
    if (this.isSymbol('-')) {
      this.at += 1;
      return this.nested(t.pos, () => ({ kind: 'negate', operand: this.unary() }));
    }
    return this.primary();
  }

  private primary(): Formula {
    const t = this.token;
    if (t.type === 'number') {
      this.at += 1;
      return { kind: 'number', value: t.value };
    }
    if (t.type === 'name') {
      this.at += 1;
      if (this.isSymbol('(')) return this.call(t.name, t.pos);
      if ((FUNCTIONS as readonly string[]).includes(t.name))
        throw new FormulaError(`Hàm '${t.name}' cần dấu '(' ngay sau tên, ở vị trí ${t.pos}.`, t.pos);
      if (!this.references.includes(t.name)) this.references.push(t.name);
      return { kind: 'indicator', code: t.name };
    }
    if (this.isSymbol('(')) {
      this.at += 1;
      const inner = this.nested(t.pos, () => this.sum());
      this.expect(')');
      return inner;
    }
    if (t.type === 'end') {
      const before = this.tokens[this.at - 1];
      const after = before ? ` sau '${before.text}'` : '';
      throw new FormulaError(
        before
          ? `Công thức dừng giữa chừng: thiếu số hoặc mã chỉ tiêu${after} ở vị trí ${t.pos}.`
          : 'Công thức trống.',
        t.pos,
      );
    }
    throw new FormulaError(
      `Cần một số, mã chỉ tiêu hoặc '(' ở vị trí ${t.pos} (đang có '${t.text}').`,
      t.pos,
    );
  }

  private expect(symbol: ')'): void {
    if (!this.isSymbol(symbol)) {
      const t = this.token;
      throw new FormulaError(`Thiếu dấu '${symbol}' ở vị trí ${t.pos}.`, t.pos);
    }
    this.at += 1;
  }

  private call(name: string, pos: number): Formula {
    if (!(FUNCTIONS as readonly string[]).includes(name))
      throw new FormulaError(`Hàm '${name}' không có; dùng ${FUNCTION_LIST}.`, pos);
    const fn = name as FunctionName;
    this.at += 1; // '('
    const args = this.nested(pos, () => {
      const list = [this.sum()];
      while (this.isSymbol(',')) {
        this.at += 1;
        list.push(this.sum());
      }
      return list;
    });
    this.expect(')');
    checkArguments(fn, args, pos);
    return { kind: 'call', fn, args };
  }
}

function checkArguments(fn: FunctionName, args: Formula[], pos: number): void {
  const wrongCount = (wanted: string): never => {
    throw new FormulaError(`Hàm '${fn}' cần ${wanted} (đang có ${args.length}), ở vị trí ${pos}.`, pos);
  };
  if (fn === 'percent' && args.length !== 2) wrongCount('đúng 2 đối số');
  if (fn === 'round') {
    if (args.length > 2) wrongCount('1 hoặc 2 đối số');
    const digits = args[1];
    const fixed = digits === undefined || (digits.kind === 'number' && Number.isInteger(digits.value));
    if (!fixed || (digits !== undefined && digits.kind === 'number' && digits.value > MAX_ROUND_DIGITS))
      throw new FormulaError(
        `Số chữ số thập phân của round phải là số nguyên từ 0 đến ${MAX_ROUND_DIGITS}, ở vị trí ${pos}.`,
        pos,
      );
  }
}

/** Reads a formula; on a mistake, a Vietnamese message naming it and its position (from 1). */
export function parseFormula(text: string): ParsedFormula {
  if (text.length > MAX_FORMULA_LENGTH)
    return {
      ok: false,
      message: `Công thức dài quá ${MAX_FORMULA_LENGTH} ký tự (đang có ${text.length}).`,
      position: MAX_FORMULA_LENGTH + 1,
    };
  try {
    const parser = new Parser(tokenize(text));
    const formula = parser.parseAll();
    return { ok: true, formula, references: parser.references };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}

/** Half away from zero, on the decimal written (1.005 → 1.01), not on its nearest binary value. */
function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  const scaled = Number((Math.abs(value) * scale).toPrecision(15));
  // So large a number has no decimals left to round.
  if (!Number.isFinite(scaled)) return value;
  return (Math.sign(value) * Math.round(scaled)) / scale;
}

/**
 * The formula's value; null (no figure) when a value it needs is missing or not a finite number, on a division by
 * zero, or when the result would not be a finite number.
 */
export function evaluateFormula(formula: Formula, valueOf: (code: string) => number | null): number | null {
  const result = evaluate(formula, valueOf);
  return result !== null && Number.isFinite(result) ? result : null;
}

function evaluate(f: Formula, valueOf: (code: string) => number | null): number | null {
  const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);
  switch (f.kind) {
    case 'number':
      return f.value;
    case 'indicator':
      return finite(valueOf(f.code));
    case 'negate': {
      const x = evaluate(f.operand, valueOf);
      return x === null ? null : -x;
    }
    case 'binary': {
      const a = evaluate(f.left, valueOf);
      const b = evaluate(f.right, valueOf);
      if (a === null || b === null) return null;
      if (f.op === '+') return finite(a + b);
      if (f.op === '-') return finite(a - b);
      if (f.op === '*') return finite(a * b);
      return finite(a / b); // a division by zero is not finite: no figure
    }
    case 'call': {
      const args = f.args.map((arg) => evaluate(arg, valueOf));
      if (args.some((x) => x === null)) return null;
      const xs = args as number[];
      if (f.fn === 'min') return Math.min(...xs);
      if (f.fn === 'max') return Math.max(...xs);
      if (f.fn === 'round') return finite(roundTo(xs[0]!, xs[1] ?? 0));
      return finite((xs[0]! / xs[1]!) * 100);
    }
  }
}

const PRECEDENCE: Record<Operator, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** The shortest decimal that reads back as the value, written out without exponent (the grammar has none). */
function formatNumberLiteral(value: number): string {
  const plain = String(value);
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(plain);
  if (!m) return plain;
  const digits = m[1]! + (m[2] ?? '');
  const exponent = Number(m[3]);
  return exponent < 0
    ? `0.${'0'.repeat(-exponent - 1)}${digits}`
    : digits + '0'.repeat(exponent - digits.length + 1);
}

/** The formula as text the parser reads back to the same formula (parentheses only where needed). */
export function formatFormula(f: Formula): string {
  switch (f.kind) {
    case 'number':
      return formatNumberLiteral(f.value);
    case 'indicator':
      return f.code;
    case 'negate':
      return f.operand.kind === 'binary' ? `-(${formatFormula(f.operand)})` : `-${formatFormula(f.operand)}`;
    case 'binary': {
      const side = (child: Formula, right: boolean): string => {
        const text = formatFormula(child);
        if (child.kind !== 'binary') return text;
        const lower = PRECEDENCE[child.op] < PRECEDENCE[f.op];
        // On the right, an equal precedence needs parentheses too: a - (b - c), and a + (b + c) rounds differently.
        const equalOnRight = right && PRECEDENCE[child.op] === PRECEDENCE[f.op];
        return lower || equalOnRight ? `(${text})` : text;
      };
      return `${side(f.left, false)} ${f.op} ${side(f.right, true)}`;
    }
    case 'call':
      return `${f.fn}(${f.args.map(formatFormula).join(', ')})`;
  }
}

/**
 * The order in which to compute formula indicators that refer to one another (each after those it refers to), or a
 * cycle found: [a, b] means a refers to b and b to a. A reference to a code without a formula is an input figure.
 */
export function formulaOrder(
  formulas: Map<string, string[]>,
): { ok: true; order: string[] } | { ok: false; cycle: string[] } {
  const order: string[] = [];
  const done = new Set<string>();
  const onPath = new Set<string>();
  // An explicit stack: a chain of thousands of indicators must not overflow the call stack.
  for (const root of formulas.keys()) {
    if (done.has(root)) continue;
    const stack: { code: string; next: number }[] = [{ code: root, next: 0 }];
    onPath.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const refs = formulas.get(top.code) ?? [];
      if (top.next < refs.length) {
        const ref = refs[top.next]!;
        top.next += 1;
        if (!formulas.has(ref) || done.has(ref)) continue;
        if (onPath.has(ref)) {
          const from = stack.findIndex((s) => s.code === ref);
          return { ok: false, cycle: stack.slice(from).map((s) => s.code) };
        }
        onPath.add(ref);
        stack.push({ code: ref, next: 0 });
      } else {
        stack.pop();
        onPath.delete(top.code);
        done.add(top.code);
        order.push(top.code);
      }
    }
  }
  return { ok: true, order };
}

/** "Công thức tham chiếu vòng: a → b → a." */
export function cycleMessage(cycle: string[]): string {
  return `Công thức tham chiếu vòng: ${[...cycle, cycle[0]].join(' → ')}; hãy bỏ một tham chiếu trong vòng này.`;
}
