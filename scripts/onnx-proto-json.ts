// Regenerates src/export/onnx/proto/onnx.proto.json, the protobufjs descriptor the exporter loads,
// from the vendored onnx.proto (ONNX 1.12, as Debian's python3-onnx ships it). The unit test
// test/unit/export/onnx-proto.test.ts fails when the two drift apart.
//   npx tsx scripts/onnx-proto-json.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { descriptorFromProto } from '../src/export/onnx/proto-source';

const dir = join(__dirname, '..', 'src', 'export', 'onnx', 'proto');
writeFileSync(join(dir, 'onnx.proto.json'), `${JSON.stringify(descriptorFromProto(join(dir, 'onnx.proto')), null, 1)}\n`);
