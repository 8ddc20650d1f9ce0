// The engine's public surface: compile a graph into a training plan, run it on a backend, train.

export type { Backend, BufferRef, KernelCall, KernelParams, Program, Runtime } from './backend';
export { BackendUnavailableError, newRuntime } from './backend';
export { CpuBackend } from './backends/cpu';
export { createBackend, type Device } from './backends/index';
export { compilePlan, type CompileOptions } from './plan/compile';
export { Executable } from './plan/executable';
export type { Plan } from './plan/types';
export { RULES } from './autodiff/rules';
export { initialWeights } from './init';
export { Dataset, split, fillBatch } from './data/dataset';
export { generate as generateSynthetic } from './data/synthetic';
export { loadData, loadSource, loadSplits, DataError, type LoadedData, type LoadOptions } from './data/load';
export type { DataHost, DataLocation, DecodedImage } from './data/host';
export { packSplits, unpackSplits, type PackedSplits, type PackedHeader } from './data/pack';
export type { DataStats } from './data/stats';
export { train, evaluate, graphHash, type TrainInput } from './train/trainer';
export { CompatError } from './train/compat';
export type { EpochRecord, NamedTensors, RunEnd, RunObserver, RunStart, RunStatus, StepRecord } from './train/types';
export { encodeSafetensors, decodeSafetensors, SafetensorsError } from './io/safetensors';
export { lossCurveSvg } from './io/svg';
