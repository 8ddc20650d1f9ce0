// Syntax tree of an experiment file. Every node has its exact range. The tree is deliberately
// generic below the block level (a layer or a setting is a name followed by values), so the parser
// never needs to know layer names: the schema tables (src/lang/schema) give the values meaning.
import type { SourceRange } from '../graph/ir';
import type { Comment } from './lexer';

export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly range: SourceRange;
}

export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly range: SourceRange;
}

/** A bare name: a layer option, an enum value, a column name; also '<' and '>' in `stop_when`. */
export interface Word {
  readonly kind: 'word';
  readonly name: string;
  readonly range: SourceRange;
}

export interface ListLit {
  readonly kind: 'list';
  readonly items: readonly Value[];
  readonly range: SourceRange;
}

/** `name(arg, key: value, key value)`, as in `synthetic(moons, size 1000)`. */
export interface CallExpr {
  readonly kind: 'call';
  readonly callee: Word;
  readonly args: readonly CallArg[];
  readonly range: SourceRange;
}

export interface CallArg {
  /** `key:` when the argument was written with a colon, otherwise null. */
  readonly key: Word | null;
  readonly values: readonly Value[];
  readonly range: SourceRange;
}

export type Value = NumberLit | StringLit | Word | ListLit | CallExpr;

/** `key: values` in a data or train block. */
export interface Setting {
  readonly kind: 'setting';
  readonly key: Word;
  readonly values: readonly Value[];
  readonly range: SourceRange;
}

/** One line of a model block: `conv2d 32 kernel 3 pad same relu`, or `repeat 2 { ... }`. */
export interface LayerStmt {
  readonly kind: 'layer';
  readonly name: Word;
  readonly values: readonly Value[];
  /** The `{ ... }` body of residual/repeat (null for plain layers). */
  readonly body: readonly LayerStmt[] | null;
  readonly range: SourceRange;
}

export interface DataBlock {
  readonly kind: 'data';
  readonly keyword: SourceRange;
  readonly name: Word | null;
  readonly settings: readonly Setting[];
  readonly range: SourceRange;
}

export interface ModelBlock {
  readonly kind: 'model';
  readonly keyword: SourceRange;
  readonly name: Word | null;
  /** The arguments in `model name(input [784], init he_normal)`. */
  readonly header: readonly CallArg[];
  readonly layers: readonly LayerStmt[];
  readonly range: SourceRange;
}

export interface TrainBlock {
  readonly kind: 'train';
  readonly keyword: SourceRange;
  readonly model: Word | null;
  readonly data: Word | null;
  readonly settings: readonly Setting[];
  readonly range: SourceRange;
}

export type Block = DataBlock | ModelBlock | TrainBlock;

export interface ExperimentFile {
  readonly blocks: readonly Block[];
  readonly comments: readonly Comment[];
  /** Range of the whole document. */
  readonly range: SourceRange;
}

/** The text of a value as the person would write it (for messages and labels). */
export function valueText(value: Value): string {
  switch (value.kind) {
    case 'number':
      return value.text;
    case 'string':
      return JSON.stringify(value.value);
    case 'word':
      return value.name;
    case 'list':
      return `[${value.items.map(valueText).join(', ')}]`;
    case 'call':
      return `${value.callee.name}(${value.args.map(argText).join(', ')})`;
  }
}

function argText(arg: CallArg): string {
  const values = arg.values.map(valueText).join(' ');
  return arg.key ? `${arg.key.name}: ${values}` : values;
}
