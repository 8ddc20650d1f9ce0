// Tabular data: a CSV file with a header row, one column the class (or value) to predict.
export const TABULAR = `# Tabular data from a CSV file: a header row, one row per example.
# Point the path at your file (relative to this one) and name the column to predict;
# every other column is an input, unless you list them: csv("…", target: species, features: a, b).
# The model's input is the number of input columns; the last layer has one output per class.

data table {
  source: csv("data/iris.csv", target: species)
  normalize: standardize
  split: val 0.2 test 0.2
  shuffle: seed 3
}

model mlp(input [4]) {
  dense 16 relu
  dense 3
}

train mlp on table {
  loss: cross_entropy
  optimizer: adam lr 0.01
  epochs: 60
  batch: 16
  metrics: accuracy
}
`;
