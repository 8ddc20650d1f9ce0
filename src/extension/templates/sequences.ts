// Sequences: a tiny character-level GPT on a text file (the char-gpt sample's data, shipped with
// the samples), with the classifier and the data-free variant as comments.
export const SEQUENCES = `# Sequences: a tiny GPT that learns to write like a text, one character at a time.
# Two causal Transformer blocks predict every next character of 64-character windows. The Book of
# Genesis ships with the samples ("Open Sample Experiment", char-gpt.mlab, copies it beside the
# sample); any UTF-8 text file works. After training, Generate writes text in its style.
# For a text classifier use
#   source: text("data/reviews.csv", column review, label sentiment, tokenizer word, length 16)
# with a model that ends in pool mean and dense 2 (see reviews.mlab); with no file at all,
#   source: synthetic(addition, digits 3)
# gives multi-digit sums for a causal Transformer (see addition.mlab).

data text {
  source: text("data/text/genesis-kjv.txt", tokenizer char, window 64)
  split: val 0.1
}

model gpt(tokens [64]) {
  embedding 64 64
  positional learned
  repeat 2 {
    transformer heads 4 ff 256 norm_first causal dropout 0
  }
  layernorm
  dense 64
}

train gpt on text {
  loss: cross_entropy
  optimizer: adam lr 0.003
  epochs: 3
  batch: 32
  metrics: perplexity token_accuracy
}
`;
