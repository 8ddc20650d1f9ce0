// ONNX's protobuf messages, read and written with protobufjs from ONNX's own schema
// (proto/onnx.proto, vendored from ONNX 1.12 under its licence: proto/LICENSE-onnx-Apache-2.0.txt;
// proto/onnx.proto.json is the descriptor generated from it by scripts/onnx-proto-json.ts).
// The interfaces below are the subset of fields this project writes and reads; protobufjs names
// fields in camelCase (ir_version -> irVersion).
import protobuf from 'protobufjs/light';
import descriptor from './proto/onnx.proto.json';

/** TensorProto.DataType values used here. */
export const DTYPE = { FLOAT: 1, INT64: 7, BOOL: 9 } as const;
/** AttributeProto.AttributeType values used here. */
export const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute?: OnnxAttribute[];
  domain?: string;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int64Data?: number[];
}

export interface OnnxDim {
  dimValue?: number;
  dimParam?: string;
}

export interface OnnxValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: OnnxDim[] } } };
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  /** Shapes of intermediate tensors, where the producer wrote them (read only, by the viewer). */
  valueInfo?: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: OnnxGraph;
}

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const ModelProto = root.lookupType('onnx.ModelProto');

export function encodeModel(model: OnnxModel): Uint8Array {
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Decodes a .onnx file; int64 fields come back as numbers, bytes as Uint8Array, absent repeated fields as []. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, { longs: Number, bytes: Uint8Array, arrays: true, defaults: false }) as unknown as OnnxModel;
}
