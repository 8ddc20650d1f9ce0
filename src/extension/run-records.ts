// How a run's result reads in a list (the Runs tree, the pick lists of Compare and the report).
// The summary itself is read in the engine's io (run-summary.ts).

/** The number a person looks for first: accuracy if measured (test, then val, then train), else the loss. */
export function keyMetric(final: Readonly<Record<string, number>>): string {
  for (const k of ['test_token_accuracy', 'val_token_accuracy', 'train_token_accuracy']) {
    const v = final[k];
    if (typeof v === 'number') return `${k.replace('_token_accuracy', ' token acc')} ${(v * 100).toFixed(1)}%`;
  }
  for (const k of ['test_accuracy', 'val_accuracy', 'train_accuracy']) {
    const v = final[k];
    if (typeof v === 'number') return `${k.replace('_accuracy', ' acc')} ${(v * 100).toFixed(1)}%`;
  }
  for (const k of ['test_loss', 'val_loss', 'loss']) {
    const v = final[k];
    if (typeof v === 'number') return `${k} ${v.toPrecision(3)}`;
  }
  return '';
}
