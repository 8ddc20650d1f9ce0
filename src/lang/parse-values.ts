// Token navigation and the value grammar shared by every line of a block:
//   value  := number-expr | string | word | list | call
//   number-expr := ['-'|'+'] NUMBER (('/'|'*') ['-'] NUMBER)*      e.g. 1/255, -0.1, 1e-3
//   list   := '[' value (','? value)* ']'
//   call   := IDENT '(' arg (',' arg)* ')'      arg := [IDENT ':'] value*
// Values never span lines: a missing ')' or ']' is reported and the line ends the value.
// Brackets nest at most MAX_BRACKET_DEPTH deep: the one that crosses it is reported and skipped
// with what it holds, so the recursion stays shallow on any input.
import type { SourceRange } from '../graph/ir';
import type { CallArg, CallExpr, ListLit, NumberLit, Value, Word } from './ast';
import type { Diagnostic } from './diagnostics';
import type { Token, TokenKind } from './lexer';
import { MAX_BRACKET_DEPTH } from './limits';
import { spanRanges } from './range';

type Stop = TokenKind;

export class ValueParser {
  protected pos = 0;
  /** '[' and '(' open around the value being parsed. */
  private bracketDepth = 0;
  readonly diagnostics: Diagnostic[];

  constructor(
    protected readonly tokens: readonly Token[],
    diagnostics: Diagnostic[],
  ) {
    this.diagnostics = diagnostics;
  }

  protected peek(): Token {
    return this.tokens[this.pos];
  }

  protected peekAt(offset: number): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  protected get previousRange(): SourceRange {
    return this.tokens[Math.max(0, this.pos - 1)].range;
  }

  protected error(range: SourceRange, message: string): void {
    this.diagnostics.push({ range, severity: 'error', message, code: 'syntax' });
  }

  protected skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  protected skipLine(): void {
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
  }

  private atLineEnd(stops: readonly Stop[]): boolean {
    const kind = this.peek().kind;
    return kind === 'newline' || kind === 'eof' || kind === '}' || stops.includes(kind);
  }

  /** Values up to the end of the line (or a stop token). Top-level commas are separators. */
  protected parseValues(stops: readonly Stop[]): Value[] {
    const values: Value[] = [];
    while (!this.atLineEnd(stops)) {
      if (this.peek().kind === ',') {
        this.next();
        continue;
      }
      const value = this.parseValue();
      if (value) values.push(value);
    }
    return values;
  }

  /** One value, or null after reporting a token that cannot start one (the token is skipped). */
  protected parseValue(): Value | null {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
      case '-':
      case '+':
        return this.parseNumber();
      case 'string':
        this.next();
        return { kind: 'string', value: token.text, range: token.range };
      case '<':
      case '>':
        this.next();
        return { kind: 'word', name: token.text, range: token.range };
      case '[':
        return this.tooDeep() ? null : this.parseList();
      case 'ident': {
        this.next();
        const word: Word = { kind: 'word', name: token.text, range: token.range };
        if (this.peek().kind !== '(') return word;
        return this.tooDeep() ? null : this.parseCall(word);
      }
      default:
        this.next();
        this.error(token.range, `unexpected '${token.text}'`);
        return null;
    }
  }

  private parseNumber(): NumberLit | null {
    const first = this.parseSignedNumber();
    if (!first) return null;
    let { value, text } = first;
    let range = first.range;
    while ((this.peek().kind === '/' || this.peek().kind === '*') && isNumberStart(this.peekAt(1))) {
      const op = this.next().kind;
      const rhs = this.parseSignedNumber();
      if (!rhs) break;
      value = op === '/' ? value / rhs.value : value * rhs.value;
      text = `${text}${op}${rhs.text}`;
      range = spanRanges(range, rhs.range);
    }
    return { kind: 'number', value, text, range };
  }

  private parseSignedNumber(): NumberLit | null {
    const start = this.next();
    let sign = 1;
    let signText = '';
    let numberToken = start;
    if (start.kind === '-' || start.kind === '+') {
      sign = start.kind === '-' ? -1 : 1;
      signText = start.kind === '-' ? '-' : '';
      if (this.peek().kind !== 'number') {
        this.error(start.range, `expected a number after '${start.text}'`);
        return null;
      }
      numberToken = this.next();
    }
    const range = spanRanges(start.range, numberToken.range);
    return { kind: 'number', value: sign * (numberToken.value ?? NaN), text: signText + numberToken.text, range };
  }

  /** At a '[' or '(' one level too deep: reports it and skips it with its contents on this line. */
  private tooDeep(): boolean {
    if (this.bracketDepth < MAX_BRACKET_DEPTH) return false;
    const open = this.next();
    this.error(open.range, `brackets nest more than ${MAX_BRACKET_DEPTH} deep here; the limit is ${MAX_BRACKET_DEPTH}`);
    let depth = 1;
    for (
      let kind = this.peek().kind;
      depth > 0 && kind !== 'newline' && kind !== 'eof' && kind !== '{' && kind !== '}';
      kind = this.peek().kind
    ) {
      if (kind === '[' || kind === '(') depth++;
      if (kind === ']' || kind === ')') depth--;
      this.next();
    }
    return true;
  }

  private parseList(): ListLit {
    this.bracketDepth++;
    try {
      return this.parseListItems(this.next());
    } finally {
      this.bracketDepth--;
    }
  }

  private parseListItems(open: Token): ListLit {
    const items: Value[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === ']') {
        this.next();
        return { kind: 'list', items, range: spanRanges(open.range, token.range) };
      }
      if (token.kind === 'newline' || token.kind === 'eof' || token.kind === '}' || token.kind === '{' || token.kind === ')') {
        this.error(open.range, "this '[' is never closed: add ']'");
        return { kind: 'list', items, range: spanRanges(open.range, this.previousRange) };
      }
      if (token.kind === ',') {
        this.next();
        continue;
      }
      const item = this.parseValue();
      if (item) items.push(item);
    }
  }

  private parseCall(callee: Word): CallExpr {
    this.bracketDepth++; // a model header's '(' is not a value and does not count
    try {
      const { args, end } = this.parseCallArgs(this.next());
      return { kind: 'call', callee, args, range: spanRanges(callee.range, end) };
    } finally {
      this.bracketDepth--;
    }
  }

  /** Arguments after an already consumed '(' up to and including ')'. */
  protected parseCallArgs(open: Token): { args: CallArg[]; end: SourceRange } {
    const args: CallArg[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === ')') {
        this.next();
        return { args, end: token.range };
      }
      if (token.kind === 'newline' || token.kind === 'eof' || token.kind === '}' || token.kind === '{' || token.kind === ']') {
        this.error(open.range, "this '(' is never closed: add ')'");
        if (token.kind === ']') this.next(); // a mistyped ')': one diagnostic is enough
        return { args, end: this.previousRange };
      }
      if (token.kind === ',') {
        this.next();
        continue;
      }
      args.push(this.parseCallArg());
    }
  }

  private parseCallArg(): CallArg {
    let key: Word | null = null;
    const first = this.peek();
    if (first.kind === 'ident' && this.peekAt(1).kind === ':') {
      this.next();
      this.next();
      key = { kind: 'word', name: first.text, range: first.range };
    }
    const values: Value[] = [];
    while (!this.atLineEnd([')', ',', '{', ']'])) {
      const value = this.parseValue();
      if (value) values.push(value);
    }
    const parts = [key?.range, ...values.map((v) => v.range)].filter((r): r is SourceRange => r !== undefined);
    const range = parts.length ? parts.reduce(spanRanges) : first.range;
    return { key, values, range };
  }
}

function isNumberStart(token: Token): boolean {
  return token.kind === 'number' || token.kind === '-' || token.kind === '+';
}
