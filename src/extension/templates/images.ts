// Images: MNIST-style IDX files, or a folder with one subfolder of pictures per class.
export const IMAGES = `# Images: a small CNN for 28×28 grey images in IDX files (the MNIST / Fashion-MNIST format).
# For a folder of pictures with one subfolder per class, use
#   source: images("data/my-images")
# and set the model's input to the pictures' [channels, height, width], e.g. [3, 32, 32].

data pictures {
  source: idx("data/train-images-idx3-ubyte.gz", "data/train-labels-idx1-ubyte.gz")
  scale: 1/255
  split: val 0.1
  shuffle: seed 7
}

model cnn(input [1, 28, 28]) {
  conv2d 16 kernel 3 pad same relu
  maxpool 2
  conv2d 32 kernel 3 pad same relu
  maxpool 2
  flatten
  dense 64 relu
  dense 10
}

train cnn on pictures {
  loss: cross_entropy
  optimizer: adam lr 0.001
  epochs: 5
  batch: 64
  metrics: accuracy
  early_stop: val_loss patience 2
}
`;
