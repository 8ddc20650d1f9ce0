// The int8 variant of a run (RUN/int8/quantization.json, written by `model-lab quantize`) as a
// column of Compare beside its float run. Derived when Compare reads the runs, not written as a
// second record: quantization.json stays the one source of the int8 scores, and a re-quantized
// run shows its new scores at once. The column has the float run's settings plus `quantization`,
// no curves (nothing was trained), and as final metrics the int8 scores on the split they were
// taken on (test_accuracy, ...). Pure but for reading quantization.json.
import { join } from 'node:path';
import type { TrainConfig } from '../../graph/train-config';
import type { RunRecord } from '../../engine/io/read-record';
import { INT8_DIR, QUANT_FILE, readInt8Record } from '../../export/onnx/int8-run';

/** The separator of a variant's id after its run's folder name: `RUN#int8`. */
export const VARIANT_MARK = '#';

export interface CompareColumn {
  readonly record: RunRecord;
  /** The file a click on the column's header opens. */
  readonly open: string;
}

/** The run's int8 variant as a record Compare reads, or null when the run has none (or it is unreadable). */
export function int8Variant(r: RunRecord): CompareColumn | null {
  const q = readInt8Record(r.dir);
  if (!q || !q.int8) return null;
  const split = q.split ?? 'train';
  const final: Record<string, number> = { [`${split}_loss`]: q.int8.loss };
  for (const [k, v] of Object.entries(q.int8.metrics)) final[`${split}_${k}`] = v;
  const calib = `${q.calibration.method} over ${q.calibration.batches} batches`;
  const quantization = `int8 (${calib}${q.aware ? `, quantization-aware ${q.aware.epochs} epochs` : ''})`;
  return {
    open: join(r.dir, INT8_DIR, QUANT_FILE),
    record: {
      ...r,
      // The id is the folder's name (runIdOf): unique beside its float run's.
      dir: `${r.dir}${VARIANT_MARK}${INT8_DIR}`,
      start: { ...r.start, config: { ...r.start.config, quantization } as TrainConfig },
      steps: [],
      epochs: [],
      marks: [],
      samples: [],
      end: r.end ? { ...r.end, final, bestEpoch: undefined } : null,
    },
  };
}

/** Each run, then its int8 variant where it has one, while there is room for `max` columns. */
export function withInt8Variants(records: readonly RunRecord[], max: number): CompareColumn[] {
  const columns: CompareColumn[] = records.map((r) => ({ record: r, open: join(r.dir, 'record.jsonl') }));
  const out: CompareColumn[] = [];
  let room = max - columns.length;
  for (const c of columns) {
    out.push(c);
    const v = room > 0 ? int8Variant(c.record) : null;
    if (v) {
      out.push(v);
      room--;
    }
  }
  return out;
}
