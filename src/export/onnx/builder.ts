// Collects an ONNX graph as the exporter walks the model: nodes with unique names, initializers
// (little-endian raw data), and small int64 constants. Attribute helpers keep the op table terse.
import { ATTR, DTYPE, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './proto';

export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: ATTR.INT, i }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: ATTR.FLOAT, f }),
  ints: (name: string, ints: readonly number[]): OnnxAttribute => ({ name, type: ATTR.INTS, ints: [...ints] }),
};

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly taken = new Set<string>();

  /** `base`, or `base_2`, `base_3`... when taken: node, value and initializer names stay unique. */
  unique(base: string): string {
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** Adds a node named `name` (made unique) with one output of the same name; returns that output. */
  node(opType: string, name: string, inputs: readonly string[], attributes: OnnxAttribute[] = []): string {
    const unique = this.unique(name);
    this.nodes.push({
      name: unique,
      opType,
      input: [...inputs],
      output: [unique],
      ...(attributes.length ? { attribute: attributes } : {}),
    });
    return unique;
  }

  floatInitializer(name: string, dims: readonly number[], data: Float32Array): string {
    const unique = this.unique(name);
    const raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
    this.initializers.push({ name: unique, dims: [...dims], dataType: DTYPE.FLOAT, rawData: raw });
    return unique;
  }

  /** `dims` [] for a scalar (Range's bounds, Clip's limits on token ids). */
  int64Initializer(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const unique = this.unique(name);
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({ name: unique, dims: [...dims], dataType: DTYPE.INT64, rawData: raw });
    return unique;
  }

  /** Renames a value everywhere (the final node's output becomes the graph's `output`). */
  rename(from: string, to: string): void {
    for (const n of this.nodes) {
      n.input = n.input.map((v) => (v === from ? to : v));
      n.output = n.output.map((v) => (v === from ? to : v));
    }
    this.taken.add(to);
  }
}
