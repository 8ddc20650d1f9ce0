// Hand-written lexer. Newlines are tokens (a layer or a setting ends at the end of its line);
// `#` notes go to a separate list so the parser never sees them but the formatter and outline do.
import type { SourceRange } from '../graph/ir';
import type { Diagnostic } from './diagnostics';

export type TokenKind =
  | 'ident'
  | 'number'
  | 'string'
  | 'newline'
  | 'eof'
  | '{'
  | '}'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | ':'
  | '/'
  | '*'
  | '-'
  | '+'
  | '<'
  | '>'
  | '=';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (for strings: the decoded value). */
  readonly text: string;
  readonly range: SourceRange;
  /** Numbers only: the parsed value. */
  readonly value?: number;
}

export interface Comment {
  readonly text: string; // without the leading '#'
  readonly range: SourceRange;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

const PUNCTUATION = new Set('{}()[],:/*-+<>=');
const NUMBER_RE = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y; // sticky: matches at lastIndex only

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c) || c === '.';

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 0;
  let col = 0;
  let i = 0;
  const range = (startCol: number, endCol: number): SourceRange => ({ startLine: line, startCol, endLine: line, endCol });

  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') {
      const width = ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      tokens.push({ kind: 'newline', text: '\n', range: range(col, col) }); // zero width: stays on its line
      i += width;
      line++;
      col = 0;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff') {
      i++;
      col++;
      continue;
    }
    if (ch === '#') {
      const end = endOfLine(text, i);
      comments.push({ text: text.slice(i + 1, end), range: range(col, col + end - i) });
      col += end - i;
      i = end;
      continue;
    }
    if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j])) j++;
      while (text[j - 1] === '.') j--; // a trailing dot is not part of a name
      tokens.push({ kind: 'ident', text: text.slice(i, j), range: range(col, col + j - i) });
      col += j - i;
      i = j;
      continue;
    }
    NUMBER_RE.lastIndex = i;
    const numberMatch = isDigit(ch) || ch === '.' ? NUMBER_RE.exec(text) : null;
    if (numberMatch) {
      const raw = numberMatch[0];
      tokens.push({ kind: 'number', text: raw, value: Number(raw), range: range(col, col + raw.length) });
      col += raw.length;
      i += raw.length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { value, length, closed } = readString(text, i, ch);
      tokens.push({ kind: 'string', text: value, range: range(col, col + length) });
      if (!closed) {
        diagnostics.push({
          range: range(col, col + length),
          severity: 'error',
          message: 'this string is missing its closing quote',
          code: 'syntax',
        });
      }
      col += length;
      i += length;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, range: range(col, col + 1) });
      i++;
      col++;
      continue;
    }
    // One diagnostic for a run of stray characters, not one per character.
    let j = i + 1;
    while (j < text.length && isStray(text[j])) j++;
    diagnostics.push({
      range: range(col, col + j - i),
      severity: 'error',
      message: `unexpected character '${text.slice(i, j)}'`,
      code: 'syntax',
    });
    col += j - i;
    i = j;
  }
  tokens.push({ kind: 'eof', text: '', range: range(col, col) });
  return { tokens, comments, diagnostics };
}

function endOfLine(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

function isStray(ch: string): boolean {
  return !/[\sA-Za-z0-9_."'#]/.test(ch) && !PUNCTUATION.has(ch);
}

/** Reads a quoted string on one line; \" and \\ are the only escapes (paths are the main use). */
function readString(text: string, start: number, quote: string): { value: string; length: number; closed: boolean } {
  let value = '';
  let j = start + 1;
  while (j < text.length && text[j] !== '\n' && text[j] !== '\r') {
    const c = text[j];
    if (c === quote) return { value, length: j + 1 - start, closed: true };
    if (c === '\\' && (text[j + 1] === quote || text[j + 1] === '\\')) {
      value += text[j + 1];
      j += 2;
      continue;
    }
    value += c;
    j++;
  }
  return { value, length: j - start, closed: false };
}
