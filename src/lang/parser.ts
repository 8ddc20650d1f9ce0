// Recursive-descent parser with line-level error recovery: a bad line gives one diagnostic and
// parsing resumes at the next line, so one typo never hides the rest of the file. Bodies nest at
// most MAX_BLOCK_DEPTH deep: the '{' that crosses it is reported and its body skipped (without
// recursion), so the call stack stays shallow whatever the file.
import type { SourceRange } from '../graph/ir';
import type { Block, CallArg, DataBlock, ExperimentFile, LayerStmt, ModelBlock, Setting, TrainBlock, Value, Word } from './ast';
import type { Diagnostic } from './diagnostics';
import { lex, type Token, type TokenKind } from './lexer';
import { MAX_BLOCK_DEPTH } from './limits';
import { spanRanges } from './range';
import { ValueParser } from './parse-values';
import { didYouMean } from './suggest';

export interface ParseResult {
  readonly file: ExperimentFile;
  readonly diagnostics: readonly Diagnostic[];
}

const BLOCK_KEYWORDS = ['data', 'model', 'train'];

export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const parser = new Parser(lexed.tokens, [...lexed.diagnostics]);
  const blocks = parser.parseBlocks();
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines.length - 1;
  const range = { startLine: 0, startCol: 0, endLine: last, endCol: lines[last].length };
  return { file: { blocks, comments: lexed.comments, range }, diagnostics: parser.diagnostics };
}

class Parser extends ValueParser {
  /** `{ ... }` bodies open around the current token. */
  private blockDepth = 0;

  parseBlocks(): Block[] {
    const blocks: Block[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === 'eof') return blocks;
      if (token.kind === 'ident' && token.text === 'data') blocks.push(this.parseDataBlock());
      else if (token.kind === 'ident' && token.text === 'model') blocks.push(this.parseModelBlock());
      else if (token.kind === 'ident' && token.text === 'train') blocks.push(this.parseTrainBlock());
      else {
        const hint = token.kind === 'ident' ? didYouMean(token.text, BLOCK_KEYWORDS) : '';
        this.error(token.range, `expected a block: data, model or train${hint}`);
        this.skipLineAndBody();
      }
    }
  }

  private parseDataBlock(): DataBlock {
    const keyword = this.next().range;
    const name = this.expectName('data set');
    const { items, end } = this.parseBody(() => this.parseSetting(), name !== null);
    return { kind: 'data', keyword, name, settings: items, range: spanRanges(keyword, end) };
  }

  private parseModelBlock(): ModelBlock {
    const keyword = this.next().range;
    const name = this.expectName('model');
    let header: CallArg[] = [];
    const errorsBefore = this.diagnostics.length;
    if (this.peek().kind === '(') header = this.parseCallArgs(this.next()).args;
    else if (name) this.error(this.peek().range, `expected '(' after the model name, as in model ${name.name}(input [784])`);
    const headerOk = name !== null && this.diagnostics.length === errorsBefore;
    const { items, end } = this.parseBody(() => this.parseLayer(), headerOk);
    return { kind: 'model', keyword, name, header, layers: items, range: spanRanges(keyword, end) };
  }

  private parseTrainBlock(): TrainBlock {
    const keyword = this.next().range;
    const model = this.expectName('model');
    let data: Word | null = null;
    const onToken = this.peek();
    if (onToken.kind === 'ident' && onToken.text === 'on') {
      this.next();
      data = this.expectName('data set');
    } else if (model) {
      this.error(onToken.range, `expected 'on' and a data set, as in train ${model.name} on mydata`);
    }
    const { items, end } = this.parseBody(() => this.parseSetting(), model !== null && data !== null);
    return { kind: 'train', keyword, model, data, settings: items, range: spanRanges(keyword, end) };
  }

  private expectName(what: string): Word | null {
    const token = this.peek();
    if (token.kind === 'ident' && !BLOCK_KEYWORDS.includes(token.text)) {
      this.next();
      return { kind: 'word', name: token.text, range: token.range };
    }
    this.error(token.range, `expected the ${what}'s name`);
    return null;
  }

  /** `{ item* }`. Stops early (reporting the missing '}') at a block keyword starting a line. */
  private parseBody<T>(parseItem: () => T | null, headerOk: boolean): { items: T[]; end: SourceRange } {
    const items: T[] = [];
    if (this.peek().kind !== '{') {
      // Stray words before the '{' get one diagnostic, none when the header already had one.
      const stray = this.peek();
      const hasBrace = this.restOfLine().some((t) => t.kind === '{');
      if (!hasBrace) {
        this.error(stray.range, "expected '{'");
        this.skipLine();
        return { items, end: this.previousRange };
      }
      if (headerOk) this.error(stray.range, `unexpected '${stray.text}'`);
      while (this.peek().kind !== '{') this.next();
    }
    if (this.blockDepth >= MAX_BLOCK_DEPTH) {
      this.error(this.peek().range, `blocks nest more than ${MAX_BLOCK_DEPTH} deep here; the limit is ${MAX_BLOCK_DEPTH}`);
      return { items, end: this.skipBody() };
    }
    this.blockDepth++;
    try {
      return this.parseBodyItems(parseItem, items);
    } finally {
      this.blockDepth--;
    }
  }

  private parseBodyItems<T>(parseItem: () => T | null, items: T[]): { items: T[]; end: SourceRange } {
    const open = this.next();
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === '}') {
        this.next();
        return { items, end: token.range };
      }
      if (token.kind === 'eof' || this.atBlockStart()) {
        this.error(open.range, "this '{' is never closed: add '}'");
        return { items, end: this.previousRange };
      }
      const item = parseItem();
      if (item) items.push(item);
      this.expectLineEnd();
    }
  }

  /** Skips a '{' and everything up to its matching '}' (or the next block); returns the last range. */
  private skipBody(): SourceRange {
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof' || (depth > 0 && this.atBlockStart())) return this.previousRange;
      this.next();
      if (token.kind === '{') depth++;
      if (token.kind === '}' && --depth === 0) return token.range;
    }
  }

  /** A block keyword followed by a name at the start of a line: the previous block lost its '}'. */
  private atBlockStart(): boolean {
    const token = this.peek();
    const after = this.peekAt(1);
    const startsLine = this.pos === 0 || this.tokens[this.pos - 1].kind === 'newline';
    return startsLine && token.kind === 'ident' && BLOCK_KEYWORDS.includes(token.text) && after.kind === 'ident';
  }

  private parseSetting(): Setting | null {
    const keyToken = this.peek();
    if (keyToken.kind !== 'ident') {
      this.error(keyToken.range, 'expected a setting, as in `key: value`');
      this.skipLine();
      return null;
    }
    this.next();
    const key: Word = { kind: 'word', name: keyToken.text, range: keyToken.range };
    if (this.peek().kind === ':') this.next();
    else
      this.error(this.peek().range.startLine === key.range.startLine ? this.peek().range : key.range, `expected ':' after '${key.name}'`);
    const values = this.parseValues(['{']);
    const range = values.length ? spanRanges(key.range, values[values.length - 1].range) : key.range;
    return { kind: 'setting', key, values, range };
  }

  private parseLayer(): LayerStmt | null {
    const nameToken = this.peek();
    if (nameToken.kind !== 'ident') {
      this.error(nameToken.range, 'expected a layer, as in `dense 64 relu`');
      this.skipLine();
      return null;
    }
    this.next();
    const name: Word = { kind: 'word', name: nameToken.text, range: nameToken.range };
    const values: Value[] = this.parseValues(['{']);
    let body: LayerStmt[] | null = null;
    let range = values.length ? spanRanges(name.range, values[values.length - 1].range) : name.range;
    if (this.peek().kind === '{') {
      const parsed = this.parseBody(() => this.parseLayer(), true);
      body = parsed.items;
      range = spanRanges(range, parsed.end);
    }
    return { kind: 'layer', name, values, body, range };
  }

  private restOfLine(): Token[] {
    const tokens: Token[] = [];
    for (let i = this.pos; i < this.tokens.length && this.tokens[i].kind !== 'newline' && this.tokens[i].kind !== 'eof'; i++)
      tokens.push(this.tokens[i]);
    return tokens;
  }

  private expectLineEnd(): void {
    const kind = this.peek().kind;
    if (kind === 'newline' || kind === '}' || kind === 'eof' || this.atBlockStart()) return; // a skipped body may end at the next block
    this.error(this.peek().range, `unexpected '${this.peek().text}'`);
    this.skipLine();
  }

  /** Skips the rest of the line; if it opened a '{', skips through the matching '}' too. */
  private skipLineAndBody(): void {
    let depth = 0;
    for (;;) {
      const kind: TokenKind = this.peek().kind;
      if (kind === 'eof') return;
      if (kind === 'newline' && depth === 0) return;
      if (kind === '{') depth++;
      if (kind === '}') {
        depth--;
        if (depth <= 0) {
          this.next();
          return;
        }
      }
      this.next();
    }
  }
}

export type { Token };
