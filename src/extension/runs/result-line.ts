// The line a finished run leaves above its model (the CodeLens): no vscode here, so it is tested
// in Node.
import type { RunOutcome } from './run-session';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The line a finished run leaves above its model: "✓ val acc 97.9% · loss 0.071 · 12.3 s · 269,322 params". */
export function resultLine(outcome: RunOutcome, params: number): string {
  const f = outcome.final;
  const icon =
    outcome.status === 'completed' || outcome.status === 'early_stopped' || outcome.status === 'threshold'
      ? '✓'
      : outcome.status === 'stopped'
        ? '■'
        : '✗';
  const split = (k: string) => [`test_${k}`, `val_${k}`, `train_${k}`].find((key) => f[key] !== undefined);
  const at = (key: string | undefined) => (key ? `${key.split('_')[0]}` : '');
  // A language model's numbers: token accuracy and perplexity (its accuracy is per token too).
  const accKey = split('token_accuracy') ?? split('accuracy'),
    pplKey = split('perplexity');
  const accName = accKey?.endsWith('token_accuracy') ? 'token acc' : 'acc';
  const loss = f.val_loss ?? f.loss;
  const parts = [
    accKey ? `${at(accKey)} ${accName} ${pct(f[accKey]!)}` : null,
    pplKey ? `${at(pplKey)} ppl ${f[pplKey]!.toPrecision(3)}` : null,
    loss !== undefined && Number.isFinite(loss) ? `loss ${loss.toPrecision(3)}` : null,
    outcome.status === 'completed' ? null : outcome.status.replace('_', ' '),
    `${outcome.seconds.toFixed(1)} s`,
    `${count(params)} params`,
  ];
  return `${icon} ${parts.filter(Boolean).join(' · ')}`;
}
