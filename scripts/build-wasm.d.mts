// Types of build-wasm.mjs for the TypeScript tests that build the kernels before using them.
export const WASM_OUT: string;
export function buildWasm(opts?: { force?: boolean; log?: (line: string) => void }): Promise<string>;
