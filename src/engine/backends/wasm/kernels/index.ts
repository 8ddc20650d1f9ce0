// The WebAssembly module's exports: built twice by scripts/build-wasm.mjs (plain SIMD, and SIMD
// with relaxed SIMD), both into a shared memory the JavaScript side imports (env.memory).
export { gemm_job } from './gemm';
export { conv_fwd_job, conv_bwd_data_job, conv_bwd_filter_job } from './conv';
export * from './pool';
export * from './norm';
export * from './optim';
export * from './elementwise';
export * from './pool2';
export { pool_job, norm_job, optim_job } from './split';
export { attn_job } from './attention';
export { rnn_fwd_job, rnn_bwd_job } from './recurrent';
export { gelu_job } from './gelu';
