// `model-lab train` of a student: the teacher's newest finished run (or a run folder) is found,
// the student's record names it, and a teacher that never trained is an error on its line.

import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, type CliIO } from '../../../src/cli/command';
import { readExperiment } from '../../../src/cli/read-experiment';
import { resolveTeacher, untrainedTeachers } from '../../../src/cli/teacher';
import { trainCommand } from '../../../src/cli/train';
import { readRunRecord } from '../../../src/engine/io/read-record';
import { readRunSummary } from '../../../src/engine/io/run-summary';
import { teacherNote } from '../../../src/extension/runs/run-label';
import { diffSettings } from '../../../src/extension/runs/settings-diff';

const FILE = (teacher: string) => `data spiral {
  source: synthetic(spiral, size 150, classes 3, noise 0.1)
  split: val 0.2
}

model big(input [2]) {
  dense 24 relu
  dense 3
}

model small(input [2]) {
  dense 4 tanh
  dense 3
}

train big on spiral {
  loss: cross_entropy
  epochs: 3
}

train small on spiral {
  loss: cross_entropy
  epochs: 2
  teacher: ${teacher}
  temperature: 3
  alpha: 0.6
}
`;

const io = (): CliIO => ({ out: () => {}, err: () => {} });
const startOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'record.jsonl'), 'utf8').split('\n')[0]!);

describe('cli: a distilled run', () => {
  const ws = mkdtempSync(join(tmpdir(), 'mlab-distill-'));
  mkdirSync(join(ws, '.modellab'));
  const file = join(ws, 'exp.mlab');

  it('a teacher without a finished run is an error on the teacher line', async () => {
    writeFileSync(file, FILE('big'));
    await assert.rejects(
      async () => trainCommand.run([file, '--model', 'small', '--quiet'], io()),
      (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.match(e.message, /exp\.mlab:24: teacher .big. has no finished run; train it first/);
        return true;
      },
    );
  });

  it("trains from the teacher's newest run, and the record keeps distill: teacher, temperature, alpha", async function () {
    this.timeout(60000);
    assert.equal(await trainCommand.run([file, '--model', 'big', '--quiet'], io()), 0);
    const runs = join(ws, '.modellab', 'runs');
    const teacherDir = join(runs, readdirSync(runs).sort()[0]!);
    assert.deepEqual(untrainedTeachers(readExperiment(file), file, runs), []);
    assert.equal(await trainCommand.run([file, '--model', 'small', '--quiet', '--out', join(ws, 'student')], io()), 0);
    const start = startOf(join(ws, 'student'));
    assert.deepEqual(start.distill, { teacher: teacherDir, teacherModel: 'big', temperature: 3, alpha: 0.6 });
    assert.deepEqual(start.config.distill, { teacher: 'big', teacherIsRun: false, temperature: 3, alpha: 0.6 });
    // The Runs tree's link: the student's summary names its teacher run; its row says whose student it is.
    const summary = readRunSummary(join(ws, 'student'))!;
    assert.deepEqual(summary.teacher, { dir: teacherDir, model: 'big' });
    assert.equal(teacherNote(summary), 'student of big');
    assert.equal(teacherNote(readRunSummary(teacherDir)!), '');
    // Compare: the distill settings are rows of the diff against the teacher's run.
    const rows = diffSettings([readRunRecord(teacherDir).start, start].map((s) => ({ config: s.config, model: s.model, final: {} })));
    const keys = rows.differing.map((r) => r.key);
    for (const k of ['distill.teacher', 'distill.temperature', 'distill.alpha']) assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    // A newer teacher run: a new student takes it, a resumed one keeps the teacher its record names.
    await new Promise((r) => setTimeout(r, 1100)); // run folders are named by the second
    assert.equal(await trainCommand.run([file, '--model', 'big', '--quiet'], io()), 0);
    const spec = start.config.distill;
    const newer = await resolveTeacher(file, runs, spec, 'here');
    assert.notEqual(newer.dir, teacherDir);
    assert.equal((await resolveTeacher(file, runs, spec, 'here', join(ws, 'student'))).dir, teacherDir);
    // A run folder as the teacher: the same run, named by its path.
    writeFileSync(file, FILE(JSON.stringify(`.modellab/runs/${readdirSync(runs).sort()[0]}`)));
    assert.equal(await trainCommand.run([file, '--model', 'small', '--quiet', '--out', join(ws, 'student2')], io()), 0);
    assert.equal(startOf(join(ws, 'student2')).distill.teacher, teacherDir);
  });

  it('a run folder outside the workspace is refused', async () => {
    writeFileSync(file, FILE('"../elsewhere/run"'));
    await assert.rejects(
      async () => trainCommand.run([file, '--model', 'small', '--quiet'], io()),
      /exp\.mlab:24: teacher: .*is outside the workspace/,
    );
  });
});
