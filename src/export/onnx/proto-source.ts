// The protobufjs descriptor from the vendored onnx.proto (its parser runs at build time only:
// scripts/onnx-proto-json.ts writes the JSON that proto.ts loads, so the bundles carry no parser).
import protobuf from 'protobufjs';

export function descriptorFromProto(path: string): protobuf.INamespace {
  return protobuf.loadSync(path).toJSON();
}
