// The text of "Model Lab: New Experiment". Pure (no vscode) so that a unit test can check it
// analyzes without a single diagnostic.
export const EXAMPLE_EXPERIMENT = `# A first experiment: a small MLP learns the two-moons data set.
# Click ▶ Train above the model to train it; hover a layer to see its shape and cost.

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
