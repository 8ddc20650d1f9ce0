// Model graphs for tests and benchmarks, written layer by layer: each call adds the line a person
// would write in a model block, and build() checks the block as the editor does (src/graph/build.ts
// makes the graph), so test graphs get the real shapes, names and the schema's defaults. (It lives
// in the language, not in src/engine/testing: the engine may not import the language.)
import type { ActivationFn, Graph, InitSpec, InputKind, Shape } from '../graph/ir';
import { checkModel } from './check-model';
import { DiagnosticSink } from './diagnostics';
import { parse } from './parser';

/** Weights default to he_uniform here whatever follows (the engine tests were tuned on it). */
const HE: InitSpec = { kind: 'he_uniform' };

function initText(init: InitSpec): string {
  switch (init.kind) {
    case 'normal':
      return `init normal mean ${init.mean} std ${init.std}`;
    case 'uniform':
      return `init uniform low ${init.low} high ${init.high}`;
    default:
      return `init ${init.kind}`;
  }
}

const words = (...parts: (string | false | undefined)[]) => parts.filter((p): p is string => !!p).join(' ');

export class GraphBuilder {
  private readonly lines: string[] = [];
  private depth = 1;

  /** kind 'tokens': `model m(tokens [T])`, an input of token ids. */
  constructor(
    readonly inputShape: Shape,
    readonly kind: InputKind = 'values',
  ) {}

  /** Any layer line as a person writes it in a model block (`layer('rmsnorm eps 1e-6')`): a new
   *  layer needs no method here. */
  layer(text: string): this {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
    return this;
  }

  dense(units: number, act?: ActivationFn, init: InitSpec = HE, bias = true): this {
    return this.layer(words(`dense ${units}`, initText(init), !bias && 'bias off', act));
  }

  conv2d(
    filters: number,
    k: number,
    opts: { stride?: number; pad?: 'same' | 'valid' | number; act?: ActivationFn; bias?: boolean } = {},
  ): this {
    const { stride, pad, act, bias } = opts;
    return this.layer(
      words(
        `conv2d ${filters} kernel ${k}`,
        stride !== undefined && `stride ${stride}`,
        pad !== undefined && `pad ${pad}`,
        initText(HE),
        bias === false && 'bias off',
        act,
      ),
    );
  }

  /** stride: the kernel's unless given (the layer's default). */
  pool(kind: 'maxpool2d' | 'avgpool2d', k: number, stride?: number, pad?: number): this {
    return this.layer(
      words(
        `${kind === 'maxpool2d' ? 'maxpool' : 'avgpool'} ${k}`,
        stride !== undefined && `stride ${stride}`,
        pad !== undefined && `pad ${pad}`,
      ),
    );
  }

  globalAvgPool(): this {
    return this.layer('global_avgpool');
  }

  flatten(): this {
    return this.layer('flatten');
  }

  dropout(p: number): this {
    return this.layer(`dropout ${p}`);
  }

  batchnorm(): this {
    return this.layer('batchnorm');
  }

  layernorm(): this {
    return this.layer('layernorm');
  }

  act(fn: ActivationFn, alpha?: number): this {
    return this.layer(words(fn, alpha !== undefined && String(alpha)));
  }

  softmax(): this {
    return this.layer('softmax');
  }

  /** x + body(x). */
  residual(body: (g: this) => void): this {
    this.layer('residual {');
    this.depth++;
    body(this);
    this.depth--;
    return this.layer('}');
  }

  /** The model block these calls wrote. */
  text(): string {
    return `model m(${this.kind === 'tokens' ? 'tokens' : 'input'} [${this.inputShape.join(', ')}]) {\n${this.lines.join('\n')}\n}\n`;
  }

  build(name = 'model'): Graph {
    const text = this.text();
    const parsed = parse(text);
    const block = parsed.file.blocks[0];
    const sink = new DiagnosticSink();
    const graph = block?.kind === 'model' ? checkModel(block, sink).graph : null;
    const problems = [...parsed.diagnostics, ...sink.items].map((d) => `${d.range.startLine + 1}: ${d.message}`);
    if (!graph || problems.length) throw new Error(`test graph does not check:\n${text}${problems.join('\n')}`);
    return { ...graph, name };
  }
}
