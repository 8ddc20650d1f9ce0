// --init-from: each tensor's shape checked against the model's layout (a PyTorch [out, in] dense
// weight is named, with the fix), missing and extra tensors named, and the file read only from
// inside the workspace, links followed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, type CliIO } from '../../../src/cli/command';
import { trainCommand } from '../../../src/cli/train';
import { decodeSafetensors, encodeSafetensors } from '../../../src/engine/io/safetensors';

const XOR = `data xor {
  source: synthetic(xor, size 40, noise 0.05)
}

model net(input [2]) {
  dense 8 tanh
  dense 1 sigmoid
}

train net on xor {
  loss: binary_cross_entropy
  epochs: 1
  batch: 8
  seed: 1
}
`;

const quiet: CliIO = { out: () => {}, err: () => {} };
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mlab-init-')));
const exp = join(dir, 'xor.mlab');
const run = (init: string, out: string) =>
  trainCommand.run([exp, '--device', 'cpu', '--quiet', '--out', join(dir, out), '--init-from', init], quiet);
const fails = async (init: string, message: RegExp) =>
  assert.rejects(Promise.resolve(run(init, 'x')), (e: Error) => e instanceof UserError && message.test(e.message));

describe('cli: --init-from checks what it loads', () => {
  let saved: Map<string, { shape: number[]; data: Float32Array }>;
  before(async function () {
    this.timeout(30000);
    writeFileSync(exp, XOR);
    assert.equal(await trainCommand.run([exp, '--device', 'cpu', '--quiet', '--out', join(dir, 'first')], quiet), 0);
    saved = decodeSafetensors(readFileSync(join(dir, 'first', 'weights.safetensors'))).tensors;
  });

  it('its own weights load', async () => {
    assert.equal(await run(join(dir, 'first', 'weights.safetensors'), 'again'), 0);
  });

  it("a dense weight in PyTorch's [out, in] layout is named with the fix, not loaded silently", async () => {
    const [name, w] = [...saved].find(([, t]) => t.shape.length === 2 && t.shape[0] === 2)!; // the first dense: [2, 8] here
    const transposed = new Float32Array(w.data.length);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 8; j++) transposed[j * 2 + i] = w.data[i * 8 + j]!;
    const file = join(dir, 'torch.safetensors');
    writeFileSync(file, encodeSafetensors(new Map([...saved, [name, { shape: [8, 2], data: transposed }]])));
    await fails(
      file,
      new RegExp(
        `torch\\.safetensors: the initial weights do not fit the model: ${name.replace('.', '\\.')}: ` +
          `file has \\[8, 2\\], model needs \\[2, 8\\] — a PyTorch \\[out, in\\] layout\\? transpose it`,
      ),
    );
  });

  it('missing and extra tensors are named', async () => {
    const [drop, kept] = [[...saved.keys()][0]!, [...saved].slice(1)];
    const file = join(dir, 'other.safetensors');
    writeFileSync(file, encodeSafetensors(new Map([...kept, ['head.weight', { shape: [1], data: new Float32Array(1) }]])));
    await fails(
      file,
      new RegExp(
        `${drop.replace('.', '\\.')}: missing from the file \\(the model needs \\[\\d+(, \\d+)*\\]\\); the file has tensors the model does not: head\\.weight`,
      ),
    );
  });

  it('a damaged file names the file and the problem; a link out of the workspace is refused', async () => {
    const bytes = readFileSync(join(dir, 'first', 'weights.safetensors'));
    const cut = join(dir, 'cut.safetensors');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4));
    await fails(cut, /cut\.safetensors: tensor '.*': data_offsets \[\d+, \d+\] run past the data section/);
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'mlab-elsewhere-')));
    writeFileSync(join(elsewhere, 'w.safetensors'), bytes);
    symlinkSync(join(elsewhere, 'w.safetensors'), join(dir, 'link.safetensors'));
    await fails(
      join(dir, 'link.safetensors'),
      /--init-from: '.*link\.safetensors' points to .*w\.safetensors through a symbolic link, outside the workspace/,
    );
  });
});
