// 2-D toy sets: points in the plane, trained in seconds, with a decision boundary in the report.
export const TOY_2D = `# A first experiment: a small MLP learns the two-moons data set.
# Click ▶ Train above the model to train it; hover a layer to see its shape and cost.
# For three interleaved spirals instead, use
#   source: synthetic(spiral, size 900, classes 3, noise 0.1, seed 2)
# and end the model with \`dense 3\` (one output per class).

data moons {
  source: synthetic(moons, size 1000, noise 0.1, seed 1)
  split: val 0.2
  shuffle: seed 7
}

model classifier(input [2]) {
  dense 16 relu
  dense 16 relu
  dense 2
}

train classifier on moons {
  loss: cross_entropy
  optimizer: adam lr 0.01
  epochs: 30
  batch: 32
  metrics: accuracy
}
`;
