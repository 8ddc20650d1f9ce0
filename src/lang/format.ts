// The formatter: re-indents by brace depth, normalises spacing between tokens, keeps notes and
// one blank line between blocks. Works token by token on each line, so it never changes
// meaning and is safe on files with errors (a line the lexer cannot read is only re-indented).
import type { SourceRange } from '../graph/ir';
import { lex, type Token } from './lexer';

export interface FormatOptions {
  /** Spaces per level (default 2). */
  readonly indent?: number;
}

export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

const NO_SPACE_BEFORE = new Set([',', ':', ')', ']']);
const NO_SPACE_AFTER = new Set(['(', '[', '-', '+']);
const BLOCK_KEYWORDS = new Set(['data', 'model', 'train']);

export function formatText(text: string, options: FormatOptions = {}): string {
  const unit = ' '.repeat(options.indent ?? 2);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r\n|\r|\n/);
  const { tokens, comments, diagnostics } = lex(text);
  const tokensByLine = groupByLine(
    tokens.filter((t) => t.kind !== 'newline' && t.kind !== 'eof'),
    lines.length,
  );
  const brokenLines = new Set(diagnostics.map((d) => d.range.startLine));
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineTokens = tokensByLine[i];
    const comment = comments.find((c) => c.range.startLine === i);
    const leadingCloses = countLeading(lineTokens, '}');
    const level = Math.max(0, depth - leadingCloses);
    const code = brokenLines.has(i) ? stripComment(lines[i], comment?.range.startCol).trim() : joinTokens(lineTokens, lines[i]);
    const note = comment ? `#${comment.text.trimEnd()}` : '';
    const content = [code, note].filter(Boolean).join(' ');
    for (const t of lineTokens) depth = Math.max(0, depth + (t.kind === '{' ? 1 : t.kind === '}' ? -1 : 0));
    if (!content) {
      if (out.length && out[out.length - 1] !== '') out.push('');
      continue;
    }
    const startsBlock = level === 0 && lineTokens.length > 0 && BLOCK_KEYWORDS.has(lineTokens[0].text) && lineTokens[0].kind === 'ident';
    const previous = out[out.length - 1];
    if (startsBlock && previous !== undefined && previous !== '' && !previous.startsWith('#')) out.push('');
    out.push(unit.repeat(level) + content);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join(eol) + eol : '';
}

/** Edits that turn the document into its formatted form: none when it already is. */
export function formatEdits(text: string, options: FormatOptions = {}): TextEdit[] {
  const formatted = formatText(text, options);
  if (formatted === text) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines.length - 1;
  return [{ range: { startLine: 0, startCol: 0, endLine: last, endCol: lines[last].length }, newText: formatted }];
}

function groupByLine(tokens: readonly Token[], lineCount: number): Token[][] {
  const byLine: Token[][] = Array.from({ length: lineCount }, () => []);
  for (const t of tokens) byLine[t.range.startLine]?.push(t);
  return byLine;
}

function countLeading(tokens: readonly Token[], kind: string): number {
  let n = 0;
  while (n < tokens.length && tokens[n].kind === kind) n++;
  return n;
}

function stripComment(line: string, commentCol: number | undefined): string {
  return commentCol === undefined ? line : line.slice(0, commentCol);
}

/** Tokens with canonical spacing; each token keeps its source text (numbers and strings as written). */
function joinTokens(tokens: readonly Token[], line: string): string {
  let result = '';
  tokens.forEach((token, i) => {
    const source = line.slice(token.range.startCol, token.range.endCol);
    const prev = tokens[i - 1];
    if (prev && needsSpace(prev, token, tokens[i - 2])) result += ' ';
    result += source;
  });
  return result;
}

function needsSpace(prev: Token, token: Token, beforePrev: Token | undefined): boolean {
  if (NO_SPACE_BEFORE.has(token.kind)) return false;
  if (NO_SPACE_AFTER.has(prev.kind)) return false;
  if (token.kind === '(' && prev.kind === 'ident') return false; // a call: synthetic(moons)
  const inFraction = (t: Token) => t.kind === '/' || t.kind === '*';
  if (inFraction(token) && prev.kind === 'number') return false; // 1/255
  if (inFraction(prev) && beforePrev?.kind === 'number') return false;
  return true;
}
