// What a WGSL kernel is to the backend, and how one KernelCall becomes WGSL source.
//
// A kernel is written once as a WGSL *body* that names its arguments as arrays (`x[i]`, `y[i]`)
// and its parameters as fields of `u` (`u.len`, `u.eps`), plus the runtime values as `rt`
// (`rt.n`, `rt.step`, `rt.lr`, `rt.seed`, `rt.loss_slot`). For each call, codegen decides how
// the arguments map onto bindings:
//  - every distinct GPUBuffer among the arguments gets ONE binding (an argument slice is then
//    an element offset `u.o_<arg>` into it). Two bindings of one buffer in a dispatch are a
//    validation error in WebGPU when either is writable and their ranges overlap, and binding
//    offsets must be 256-byte aligned while plan slices (a bias inside the flat parameter
//    buffer) are not; one binding per buffer sidesteps both and keeps the binding count under
//    maxStorageBuffersPerShaderStage whatever the plan does;
//  - a binding is `read_write` when any argument on it is written, else `read`.
// The body's `x[expr]` is rewritten to `b1[u.o_x + (expr)]`. The resulting WGSL text is the
// pipeline cache key, so calls with the same aliasing pattern share one pipeline.

import type { KernelParams, Runtime } from '../../backend';
import type { ArgName, KernelName, ParamName, ParamsOf } from '../../kernels/contract';

export type ScalarType = 'u32' | 'i32' | 'f32';

export interface ParamSpec<N extends string = string> {
  /** Name in KernelCall.p (one of the contract's parameters). */
  readonly name: N;
  /** Field name in WGSL (defaults to name; `fn` is a WGSL keyword). */
  readonly field?: string;
  readonly type: ScalarType;
  /** Value when the call omits it (the contract's optional parameters); none: the call gives it. */
  readonly def?: number;
}

/** A WGSL kernel as a family file (kernels/*.ts) writes it: the arguments, their order and the
 *  parameters' names come from the kernel contract; the uniform fields are a subset of them
 *  (a parameter only the host needs, like dropout's p, is read by `derive`). */
export interface WgslKernelDef<K extends KernelName> {
  /** The arguments the kernel writes (or updates in place). */
  readonly writes: readonly ArgName<K>[];
  readonly params: readonly ParamSpec<ParamName<K>>[];
  /** Extra uniform fields computed on the host in f64 from the call's parameters. */
  derive?(p: ParamsOf<K>): Record<string, number>;
  readonly derived?: readonly { readonly field: string; readonly type: ScalarType }[];
  /** WGSL functions the body uses. */
  readonly helpers?: string;
  /** Statements of the entry point. In scope: idx (global thread index), group (linear
   *  workgroup index), lid (local index), WG (workgroup size), u, rt. Out-of-range threads and
   *  groups must return on their own (dispatches are rounded up, and split over y when large). */
  readonly body: string;
  /** Workgroups to launch for this call (depends on rt.n for batched kernels). */
  groups(p: ParamsOf<K>, rt: Runtime): number;
  /** Workgroup size (default 64). */
  readonly wg?: number;
}

/** What a kernel variant may add to the module: a WGSL `enable` directive (`subgroups`) and
 *  entry-point builtins (`@builtin(subgroup_size) sg_size: u32`), for kernels chosen only where
 *  the device has the feature (variants.ts). */
export interface WgslExtras {
  readonly enable?: string;
  readonly builtins?: string;
}

/** A family of kernels, each typed by its name in the contract. */
export type WgslFamily<N extends KernelName> = { readonly [K in N]: WgslKernelDef<K> };

/** A WGSL kernel as the backend runs it: its definition plus the contract's argument names, with
 *  parameters read untyped from the call. */
export interface WgslKernel {
  /** Argument names in the contract's order. */
  readonly args: readonly string[];
  readonly writes: readonly string[];
  readonly params: readonly ParamSpec[];
  derive?(p: KernelParams): Record<string, number>;
  readonly derived?: readonly { readonly field: string; readonly type: ScalarType }[];
  readonly helpers?: string;
  readonly body: string;
  groups(p: KernelParams, rt: Runtime): number;
  readonly wg?: number;
  readonly extras?: WgslExtras;
}

/** Threads rounded up to workgroups of `wg`. */
export const perThread = (threads: number, wg = 64): number => Math.ceil(threads / wg);

export interface BoundArg {
  /** Which binding (0-based among the storage bindings) holds this argument. */
  readonly binding: number;
}

/** Binding plan of one call: distinct buffers in first-use order, and each argument's binding. */
export interface Aliasing {
  readonly bindings: readonly { readonly writable: boolean }[];
  readonly argBinding: readonly number[];
}

export function aliasing(k: WgslKernel, buffers: readonly number[]): Aliasing {
  const bindings: { writable: boolean }[] = [];
  const seen = new Map<number, number>();
  const argBinding = buffers.map((buf, i) => {
    let b = seen.get(buf);
    if (b === undefined) {
      b = bindings.length;
      seen.set(buf, b);
      bindings.push({ writable: false });
    }
    if (k.writes.includes(k.args[i]!)) bindings[b]!.writable = true;
    return b;
  });
  return { bindings, argBinding };
}

/** Uniform fields, in order: one offset per argument, the parameters, the derived values. */
export function uniformFields(k: WgslKernel): { field: string; type: ScalarType }[] {
  return [
    ...k.args.map((a) => ({ field: `o_${a}`, type: 'u32' as const })),
    ...k.params.map((p) => ({ field: p.field ?? p.name, type: p.type })),
    ...(k.derived ?? []),
  ];
}

/** Bytes of the per-call uniform struct (16-byte multiple). */
export function uniformBytes(k: WgslKernel): number {
  return Math.max(16, Math.ceil((uniformFields(k).length * 4) / 16) * 16);
}

/** Packs a call's argument offsets (elements, relative to their binding) and parameters. */
export function packUniform(name: string, k: WgslKernel, offsets: readonly number[], p: KernelParams, out: DataView, at: number): void {
  const values: number[] = [...offsets];
  for (const ps of k.params) {
    const v = p[ps.name] ?? ps.def;
    if (v === undefined) throw new Error(`webgpu kernel '${name}': parameter '${ps.name}' missing`);
    values.push(v);
  }
  const d = k.derive ? k.derive(p) : {};
  for (const f of k.derived ?? []) values.push(d[f.field]!);
  uniformFields(k).forEach((f, i) => {
    const v = values[i]!,
      o = at + i * 4;
    if (f.type === 'f32') out.setFloat32(o, v, true);
    else if (f.type === 'i32') out.setInt32(o, v | 0, true);
    else out.setUint32(o, v >>> 0, true);
  });
}

export const RUNTIME_WGSL = 'struct Runtime { n: u32, step: u32, lr: f32, seed: u32, loss_slot: u32 }';
export const RUNTIME_BYTES = 32;

export function packRuntime(rt: Runtime, out: DataView, at: number): void {
  out.setUint32(at, rt.n >>> 0, true);
  out.setUint32(at + 4, rt.step >>> 0, true);
  out.setFloat32(at + 8, rt.lr, true);
  out.setUint32(at + 12, rt.seed >>> 0, true);
  out.setUint32(at + 16, rt.lossSlot >>> 0, true);
}

/** Rewrites `arg[expr]` into `bN[u.o_arg + (expr)]`, brackets nested any depth. */
export function rewriteAccess(body: string, args: readonly string[], argBinding: readonly number[]): string {
  const names = new Map(args.map((a, i) => [a, i]));
  const re = /\b([A-Za-z_][A-Za-z0-9_]*)\s*\[/g;
  let out = '';
  let pos = 0;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) break;
    const i = names.get(m[1]!);
    const prev = m.index > 0 ? body[m.index - 1] : '';
    if (i === undefined || prev === '.') {
      out += body.slice(pos, m.index + m[0].length);
      pos = m.index + m[0].length;
      continue;
    }
    // Find the matching ']'.
    let depth = 1,
      j = m.index + m[0].length;
    for (; j < body.length && depth > 0; j++) {
      if (body[j] === '[') depth++;
      else if (body[j] === ']') depth--;
    }
    if (depth !== 0) throw new Error(`unbalanced brackets after '${m[1]}['`);
    const inner = body.slice(m.index + m[0].length, j - 1);
    out += body.slice(pos, m.index) + `b${argBinding[i]}[u.o_${m[1]} + (${rewriteAccess(inner, args, argBinding)})]`;
    pos = j;
  }
  return out + body.slice(pos);
}

/** Full WGSL source of a kernel for one aliasing pattern. Bindings: 0 params, 1 runtime, 2.. storage. */
export function wgslSource(name: string, k: WgslKernel, al: Aliasing): string {
  const wg = k.wg ?? 64;
  const fields = uniformFields(k)
    .map((f) => `  ${f.field}: ${f.type},`)
    .join('\n');
  const storage = al.bindings
    .map((b, i) => `@group(0) @binding(${i + 2}) var<storage, ${b.writable ? 'read_write' : 'read'}> b${i}: array<f32>;`)
    .join('\n');
  const extras = k.extras ?? {};
  const more = extras.builtins ? `, ${extras.builtins}` : '';
  return `${extras.enable ? `enable ${extras.enable};\n` : ''}// kernel: ${name}
struct Params {
${fields}
}
${RUNTIME_WGSL}
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<uniform> rt: Runtime;
${storage}
const WG: u32 = ${wg}u;
${rewriteAccess(k.helpers ?? '', k.args, al.argBinding)}
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32${more}) {
  let group = wid.x + wid.y * nwg.x;
  let idx = group * WG + lid;
${rewriteAccess(k.body, k.args, al.argBinding)}
}
`;
}
