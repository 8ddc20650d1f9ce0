// The benchmark models built with TensorFlow.js layers, shared by the CPU bench (tfjs-cpu, Node)
// and the browser bench (tfjs-webgpu): the same architectures as our GraphBuilder versions.
// XOR ends in a logit: its sigmoid is inside tfjs's sigmoidCrossEntropy, as ours is folded into the loss.
import type * as TF from '@tensorflow/tfjs';

export function tfModel(tf: typeof TF, key: 'mlp' | 'cnn' | 'xor'): TF.Sequential {
  if (key === 'xor') {
    return tf.sequential({
      layers: [tf.layers.dense({ inputShape: [2], units: 8, activation: 'tanh' }), tf.layers.dense({ units: 1 })],
    });
  }
  if (key === 'mlp') {
    return tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }),
        tf.layers.dense({ units: 256, activation: 'relu' }),
        tf.layers.dense({ units: 10 }),
      ],
    });
  }
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}
