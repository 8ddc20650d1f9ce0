// The two language models of the bench (bench/cpu/spec.ts's `lstm` and `gpt`) in TensorFlow.js,
// shared by the CPU bench (tfjs-wasm, tfjs-cpu) and the browser bench (tfjs-webgpu). The LSTM is
// tfjs's own layers; tfjs has no Transformer layer, so the GPT is written with tf ops, block for
// block as Model Lab's `transformer ... norm_first causal` (PyTorch's TransformerEncoderLayer with
// norm_first): x += out(attn(ln1(x))); x += W2 gelu(W1 ln2(x)); then a final layer norm and the head.
import type * as TF from '@tensorflow/tfjs';

export const SEQ_VOCAB = 64;
const WIDTH = 128,
  HEADS = 4,
  FF = 512,
  BLOCKS = 2;

/** A trainable function of token ids [B, T] (int32) to logits [B, T, vocab]. */
export interface TfSeqModel {
  apply(ids: TF.Tensor): TF.Tensor;
  dispose(): void;
}

export function tfSeqModel(tf: typeof TF, key: 'lstm' | 'gpt', seq: number): TfSeqModel {
  return key === 'lstm' ? lstm(tf) : gpt(tf, seq);
}

/** The embedding as one-hot ids times the table: tfjs-wasm has no UnsortedSegmentSum, the gradient
 *  of gather (64 x 128 multiply-adds a token, under 1 % of either model's step). */
function embed(tf: typeof TF, ids: TF.Tensor, table: TF.Variable): TF.Tensor {
  const [B, T] = ids.shape as [number, number];
  return tf
    .oneHot(ids.reshape([B * T]), SEQ_VOCAB)
    .matMul(table)
    .reshape([B, T, WIDTH]);
}

const weight = (tf: typeof TF, shape: number[]) => tf.variable(tf.randomUniform(shape, -1, 1).mul(1 / Math.sqrt(shape[0]!)));

function lstm(tf: typeof TF): TfSeqModel {
  const emb = weight(tf, [SEQ_VOCAB, WIDTH]);
  const layers = [
    tf.layers.lstm({ units: WIDTH, returnSequences: true }),
    tf.layers.lstm({ units: WIDTH, returnSequences: true }),
    tf.layers.dense({ units: SEQ_VOCAB }),
  ];
  return {
    apply: (ids) => layers.reduce((x, l) => l.apply(x) as TF.Tensor, embed(tf, ids, emb)),
    dispose: () => {
      emb.dispose();
      for (const l of layers) l.dispose();
    },
  };
}

function gpt(tf: typeof TF, seq: number): TfSeqModel {
  const vars: TF.Variable[] = [];
  const v = (shape: number[], init: 'rand' | 'zeros' | 'ones' = 'rand') => {
    const x = init === 'rand' ? weight(tf, shape) : tf.variable(init === 'zeros' ? tf.zeros(shape) : tf.ones(shape));
    vars.push(x);
    return x;
  };
  const norm = () => ({ g: v([WIDTH], 'ones'), b: v([WIDTH], 'zeros') });
  const dense = (i: number, o: number) => ({ w: v([i, o]), b: v([o], 'zeros') });
  const emb = v([SEQ_VOCAB, WIDTH]),
    pos = v([seq, WIDTH]);
  const blocks = Array.from({ length: BLOCKS }, () => ({
    ln1: norm(),
    qkv: dense(WIDTH, 3 * WIDTH),
    out: dense(WIDTH, WIDTH),
    ln2: norm(),
    ff1: dense(WIDTH, FF),
    ff2: dense(FF, WIDTH),
  }));
  const lnf = norm(),
    head = dense(WIDTH, SEQ_VOCAB);
  // -1e9 above the diagonal: a key after its query is masked (the softmax gives it zero).
  const mask = tf.linalg
    .bandPart(tf.ones([seq, seq]), -1, 0)
    .sub(1)
    .mul(1e9);
  const dh = WIDTH / HEADS;

  const ln = (x: TF.Tensor, p: { g: TF.Variable; b: TF.Variable }) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(variance.add(1e-5).rsqrt()).mul(p.g).add(p.b);
  };
  const lin = (x: TF.Tensor, p: { w: TF.Variable; b: TF.Variable }) => {
    const [B, T, I] = x.shape as [number, number, number];
    return x
      .reshape([B * T, I])
      .matMul(p.w)
      .add(p.b)
      .reshape([B, T, p.w.shape[1]!]);
  };
  const gelu = (x: TF.Tensor) => x.mul(tf.erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
  const attention = (x: TF.Tensor, b: (typeof blocks)[number]) => {
    const [B, T] = x.shape as [number, number];
    const qkv = lin(x, b.qkv).reshape([B, T, 3, HEADS, dh]).transpose([2, 0, 3, 1, 4]); // [3, B, H, T, dh]
    const [q, k, vv] = tf.unstack(qkv) as [TF.Tensor4D, TF.Tensor4D, TF.Tensor4D];
    const p = tf.softmax(
      tf
        .matMul(q, k, false, true)
        .mul(1 / Math.sqrt(dh))
        .add(mask),
    );
    const y = tf.matMul(p, vv).transpose([0, 2, 1, 3]).reshape([B, T, WIDTH]);
    return lin(y, b.out);
  };

  return {
    apply: (ids) => {
      let x = embed(tf, ids, emb).add(pos);
      for (const b of blocks) {
        x = x.add(attention(ln(x, b.ln1), b));
        x = x.add(lin(gelu(lin(ln(x, b.ln2), b.ff1)), b.ff2));
      }
      return lin(ln(x, lnf), head);
    },
    dispose: () => {
      tf.dispose(vars);
      mask.dispose();
    },
  };
}
