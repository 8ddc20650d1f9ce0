import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';

const file = (teacherLines: string, big = 'dense 10', loss = 'cross_entropy') => `data d {
  source: synthetic spiral classes 10 size 100
}
model big(input [2]) {
  dense 64 relu
  ${big}
}
model small(input [2]) {
  dense 10
}
train small on d {
  loss: ${loss}
  ${teacherLines}
}
`;
const diagnostics = (text: string) => analyze(text).diagnostics.map((d) => `${d.range.startLine}:${d.severity}: ${d.message}`);
const LINE = 12; // the teacher line (0-based: line 13)

describe('distillation settings', () => {
  it('teacher, temperature and alpha resolve into the config; defaults T 4, alpha 0.5', () => {
    const a = analyze(file('teacher: big\n  temperature: 2\n  alpha: 0.9'));
    assert.deepEqual(diagnostics(file('teacher: big\n  temperature: 2\n  alpha: 0.9')), []);
    assert.deepEqual(a.trains[0]!.configs[0]!.distill, { teacher: 'big', teacherIsRun: false, temperature: 2, alpha: 0.9 });
    assert.deepEqual(analyze(file('teacher: big')).trains[0]!.configs[0]!.distill, {
      teacher: 'big',
      teacherIsRun: false,
      temperature: 4,
      alpha: 0.5,
    });
    assert.equal(analyze(file('epochs: 2')).trains[0]!.configs[0]!.distill, undefined);
  });

  it('a quoted run folder is a run teacher (checked when the run starts)', () => {
    const text = file('teacher: ".modellab/runs/big-2026"');
    assert.deepEqual(diagnostics(text), []);
    assert.equal(analyze(text).trains[0]!.configs[0]!.distill?.teacherIsRun, true);
  });

  it('diagnostics on the teacher line: unknown teacher, its own teacher, another output size', () => {
    const [unknown] = diagnostics(file('teacher: bgi'));
    assert.match(unknown!, new RegExp(`^${LINE}:error: no model named 'bgi' to distil from.*big`));
    assert.match(diagnostics(file('teacher: small'))[0]!, new RegExp(`^${LINE}:error: model small cannot be its own teacher`));
    assert.match(
      diagnostics(file('teacher: big', 'dense 12'))[0]!,
      new RegExp(`^${LINE}:error: teacher big has 12 outputs, student small 10`),
    );
  });

  it('needs cross-entropy; temperature or alpha without a teacher is a warning', () => {
    assert.ok(diagnostics(file('teacher: big', 'dense 10', 'mse')).some((m) => /error: distillation needs loss: cross_entropy/.test(m)));
    assert.ok(diagnostics(file('alpha: 0.3')).some((m) => /^12:warning: alpha is distillation's/.test(m)));
    assert.ok(diagnostics(file('alpha: 1.5')).some((m) => m.includes('error')));
  });
});
