// What each row of the compression report is measured against (reference()): the sample's shape
// of experiment, where the pruned network and the students are models of their own names.
import { strict as assert } from 'node:assert';
import { reference } from '../../../src/export/onnx/compress-report';

type V = Parameters<typeof reference>[0];
const row = (kind: V['kind'], model: string, run: string, graphHash: string | null, teacher: V['teacher'] = null): V => ({
  kind,
  model,
  run,
  graphHash,
  teacher,
});

describe('compress-report: the original each variant is measured against', () => {
  const mlp = row('original', 'mlp', '/ws/.modellab/runs/mlp-1', 'g-mlp');
  const mlpInt8 = row('int8', 'mlp', '/ws/.modellab/runs/mlp-1', 'g-mlp');
  const pruned = row('pruned', 'mlp_pruned', '/ws/.modellab/runs/mlp_pruned-1', 'g-mlp');
  const prunedInt8 = row('int8', 'mlp_pruned', '/ws/.modellab/runs/mlp_pruned-1', 'g-mlp');
  const plain = row('original', 'student_plain', '/ws/.modellab/runs/student_plain-1', 'g-small');
  const teacher = { run: '/ws/.modellab/runs/mlp-1', model: 'mlp' };
  const student = row('student', 'student', '/ws/.modellab/runs/student-1', 'g-small', teacher);
  const studentInt8 = row('int8', 'student', '/ws/.modellab/runs/student-1', 'g-small', teacher);
  const all = [mlp, mlpInt8, pruned, prunedInt8, plain, student, studentInt8];

  it('an original is measured against nothing', () => {
    assert.equal(reference(mlp, all), null);
    assert.equal(reference(plain, all), null, "the plain student is an original of its own model, not a copy of the teacher's");
  });

  it("an int8 file against its model's original; a pruned copy of a model (another name, the same graph) against that model's", () => {
    assert.equal(reference(mlpInt8, all), mlp);
    assert.equal(reference(pruned, all), mlp);
    assert.equal(reference(prunedInt8, all), mlp);
  });

  it("a student, and its int8, against its teacher's run, not against its plain twin of the same graph", () => {
    assert.equal(reference(student, all), mlp);
    assert.equal(reference(studentInt8, all), mlp);
  });

  it("a student whose teacher run is not a row (an older run) against its teacher model's original; none without one", () => {
    const older = row('student', 'student', '/ws/.modellab/runs/student-0', 'g-small', { run: '/ws/.modellab/runs/mlp-0', model: 'mlp' });
    assert.equal(reference(older, [...all, older]), mlp);
    const orphan = row('student', 'student', '/ws/s', 'g-small', { run: '/elsewhere/big-1', model: 'big' });
    assert.equal(reference(orphan, [plain, orphan]), null);
  });

  it('no graph hash (an old record): only the same model counts', () => {
    const old = row('pruned', 'net_pruned', '/ws/p', null);
    assert.equal(reference(old, [row('original', 'net', '/ws/n', null), old]), null);
  });
});
