// A blank experiment: the three blocks with the least each needs, to fill in.
export const BLANK = `# An experiment has three kinds of block: data (where examples come from), model (the
# layers, with the input's shape) and train (which model on which data, and how).
# Inside a block, Ctrl+Space lists the settings or layers it takes; hover one to read it.

data examples {
  source: csv("data.csv", target: label)
}

model net(input [4]) {
  dense 3
}

train net on examples {
  loss: cross_entropy
}
`;
