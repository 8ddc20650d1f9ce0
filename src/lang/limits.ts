// The documented limits of the experiment language (docs/experiment-format.md, "Limits"). Each
// keeps analysis bounded on any input — the editor analyses the file on every keystroke — and
// every count finite: a file past one gets a diagnostic at the place, never an internal error.
// One place for the figures: the parser, the schema tables and the graph builder read them here.

/** `{ ... }` bodies (residual, repeat) inside a model block, counting the block's own body. */
export const MAX_BLOCK_DEPTH = 64;
/** `[` and `(` nested inside one value. */
export const MAX_BRACKET_DEPTH = 32;
/** Diagnostics kept per file; the rest are counted in one last diagnostic. */
export const MAX_DIAGNOSTICS = 1000;

/** dense units and conv2d filters (what fits the memory is train's check, src/graph/memory-limit.ts). */
export const MAX_UNITS = 2 ** 30;
/** Each axis of a model's input shape. */
export const MAX_INPUT_DIM = 2 ** 24;
/** Examples per step (`batch:`). */
export const MAX_BATCH = 2 ** 24;
/** kernel, stride and pad of conv2d and the pools, per axis. */
export const MAX_WINDOW = 1024;
/** Parameters of one model and ops (and layers) of its graph: checked where the graph is built. */
export { MAX_GRAPH_NODES, MAX_PARAMS } from '../graph/build';
